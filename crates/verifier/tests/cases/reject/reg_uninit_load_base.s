; reject: uninit_reg at 1
; kernel-says: R4 !read_ok
; A load through r4, which holds nothing.
    r0 = 0
    r0 = *(u64 *)(r4 + 0)
    exit

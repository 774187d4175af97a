; reject: uninit_reg at 0
; kernel-says: R3 !read_ok
; A store of r3, never written, to the stack.
    *(u64 *)(r10 - 8) = r3
    r0 = 0
    exit

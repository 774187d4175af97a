; reject: uninit_reg at 4
; kernel-says: R0 !read_ok
; r0 is set on one branch only; the other reaches the exit with r0 never written.
    r2 = *(u32 *)(r1 + 0)
    if r2 == 0 goto +1
    r0 = 0
    r1 = 0
    exit

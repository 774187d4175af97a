; reject: uninit_reg at 1
; kernel-says: R5 !read_ok
; A conditional jump compares r5, never written.
    r0 = 0
    if r5 > 3 goto +0
    exit

; reject: uninit_reg at 1
; kernel-says: R3 !read_ok
; `r3 += 1` reads r3 before anything wrote it.
    r0 = 0
    r3 += 1
    exit

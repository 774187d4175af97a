; reject: uninit_reg at 0
; kernel-says: R2 !read_ok
; A move from r2, which the program never wrote (only r1 and r10 are set at entry).
    r0 = r2
    exit

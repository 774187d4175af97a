; reject: uninit_reg at 4
; kernel-says: R6 !read_ok
; The caller's r6 is not visible to a subprogram: each frame starts with only r1 to r5 (the
; arguments) and r10.
    r6 = 1
    call pc+2
    r0 = 0
    exit
    r0 = r6
    exit

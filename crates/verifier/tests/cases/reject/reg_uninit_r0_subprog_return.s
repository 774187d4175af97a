; reject: uninit_reg at 1
; kernel-says: R0 !read_ok
; A subprogram returns without setting r0 and the caller uses the result. (The kernel accepts
; the subprogram's exit itself; the read in the caller is the error.)
    call pc+2
    r0 += 1
    exit
    r1 = 0
    exit

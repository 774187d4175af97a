; reject: uninit_reg at 0
; kernel-says: R0 !read_ok
; The program exits without setting r0, the return value.
    exit

; reject: uninit_reg at 3
; kernel-says: R0 !read_ok
; r0 is set only when the context pointer is not NULL. The context is never NULL at run time,
; but Linux does not count it among the pointers known to be non-NULL: it explores the
; `r1 == 0` branch, where r0 is never written.
    if r1 == 0 goto +1
    r0 = 0
    r1 = 0
    exit

; reject: pointer_arithmetic at 1
; kernel-says: R2 pointer arithmetic with /= operator prohibited
; Dividing a stack pointer.
    r2 = r10
    r2 /= 2
    r0 = 0
    exit

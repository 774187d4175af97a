; reject: pointer_arithmetic at 1
; kernel-says: R2 bitwise operator &= on pointer prohibited
; Aligning a stack pointer with a mask.
    r2 = r10
    r2 &= -16
    r0 = 0
    exit

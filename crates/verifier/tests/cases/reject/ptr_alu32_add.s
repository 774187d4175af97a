; reject: pointer_arithmetic at 0
; kernel-says: R1 32-bit pointer arithmetic prohibited
; A 32-bit add on the context pointer (it would drop the pointer's upper half).
    w1 += 4
    r0 = 0
    exit

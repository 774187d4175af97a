; reject: pointer_arithmetic at 0
; kernel-says: R1 pointer arithmetic with *= operator prohibited
; Multiplying the context pointer.
    r1 *= 2
    r0 = 0
    exit

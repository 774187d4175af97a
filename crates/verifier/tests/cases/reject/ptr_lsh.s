; reject: pointer_arithmetic at 0
; kernel-says: R1 pointer arithmetic with <<= operator prohibited
; Shifting the context pointer.
    r1 <<= 1
    r0 = 0
    exit

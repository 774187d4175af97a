; reject: pointer_arithmetic at 0
; kernel-says: R1 bitwise operator |= on pointer prohibited
; Setting a bit of the context pointer.
    r1 |= 1
    r0 = 0
    exit

; reject: invalid_alu_op at 1
; kernel-says: div by zero
; A 64-bit division by the constant 0.
    r0 = 7
    r0 /= 0
    exit

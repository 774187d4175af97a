; reject: invalid_alu_op at 1
; kernel-says: div by zero
; A 32-bit modulo by the constant 0.
    r0 = 7
    w0 %= 0
    exit

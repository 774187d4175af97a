; reject: invalid_alu_op at 1
; kernel-says: div by zero
; A signed division (cpu v4) by the constant 0.
    r0 = 7
    r0 s/= 0
    exit

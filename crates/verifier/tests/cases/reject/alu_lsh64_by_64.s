; reject: invalid_alu_op at 1
; kernel-says: invalid shift 64
; A 64-bit left shift by 64.
    r0 = 1
    r0 <<= 64
    exit

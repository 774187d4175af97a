; reject: invalid_alu_op at 1
; kernel-says: invalid shift 100
; A 32-bit left shift by 100.
    r0 = 1
    w0 <<= 100
    exit

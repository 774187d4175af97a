; reject: invalid_alu_op at 1
; kernel-says: invalid shift -1
; An arithmetic right shift by -1 (0xffffffff as an unsigned amount).
    r0 = 1
    r0 s>>= -1
    exit

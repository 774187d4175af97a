; reject: invalid_alu_op at 1
; kernel-says: invalid shift 32
; A 32-bit right shift by 32: the limit for 32-bit shifts is 31.
    r0 = 1
    w0 >>= 32
    exit

; reject: pointer_arithmetic at 3
; kernel-says: math between fp pointer and register with unbounded min value is not allowed
; Adding an unknown 64-bit value to the frame pointer: the result could be anywhere.
    call bpf_get_prandom_u32#7
    r2 = r10
    r2 += -8
    r2 += r0
    r0 = 0
    exit

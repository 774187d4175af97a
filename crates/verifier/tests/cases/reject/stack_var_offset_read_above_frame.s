; reject: stack_access at 6
; kernel-says: invalid variable-offset read from stack R2
; A one-byte load at fp-128 plus a value up to 255: the range reaches above the frame pointer.
    call bpf_get_prandom_u32#7
    r0 &= 0xff
    r2 = r10
    r2 += -128
    r2 += r0
    r0 = 0
    r0 = *(u8 *)(r2 + 0)
    exit

; reject: stack_access at 5
; kernel-says: invalid variable-offset write to stack R2
; A one-byte store at fp-600 plus a value up to 255: all of it lies below the 512-byte frame.
    call bpf_get_prandom_u32#7
    r0 &= 0xff
    r2 = r10
    r2 += -600
    r2 += r0
    *(u8 *)(r2 + 0) = 1
    r0 = 0
    exit

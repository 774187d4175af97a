; reject: stack_access at 6
; kernel-says: invalid variable-offset write to stack R2
; A store at fp-16 plus a value in {0, 8, 16, 24}: the upper offsets reach above the frame
; pointer.
    call bpf_get_prandom_u32#7
    r0 &= 0x18
    r2 = r10
    r2 += -16
    r2 += r0
    r1 = 0
    *(u64 *)(r2 + 0) = r1
    r0 = 0
    exit

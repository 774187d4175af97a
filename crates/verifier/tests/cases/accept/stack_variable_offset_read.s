; accept
; Root may read the stack at a variable offset inside initialised bytes.
    r1 = 0
    *(u64 *)(r10 - 8) = r1
    *(u64 *)(r10 - 16) = r1
    call bpf_get_prandom_u32#7
    r0 &= 8
    r2 = r10
    r2 += -16
    r2 += r0
    r0 = *(u64 *)(r2 + 0)
    exit

; accept
; bpf_skb_load_bytes into the stack with a length bounded to 1..8, then a read of the first
; byte.
    r6 = r1
    r1 = 0
    *(u64 *)(r10 - 8) = r1
    call bpf_get_prandom_u32#7
    r4 = r0
    r4 &= 7
    r4 += 1
    r1 = r6
    r2 = 0
    r3 = r10
    r3 += -8
    call bpf_skb_load_bytes#26
    r0 = *(u8 *)(r10 - 8)
    exit

; reject: helper_arg at 8
; kernel-says: R4 unbounded memory access
; bpf_skb_load_bytes into the stack with a length that may be anything from 1 to 2^32.
    r6 = r1
    call bpf_get_prandom_u32#7
    w4 = w0
    r4 += 1
    r1 = r6
    r2 = 0
    r3 = r10
    r3 += -64
    call bpf_skb_load_bytes#26
    r0 = 0
    exit

; reject: helper_arg at 5
; kernel-says: R1 type=fp expected=ctx
; bpf_skb_load_bytes's first argument must be the context; here it is a stack pointer.
    r1 = r10
    r2 = 0
    r3 = r10
    r3 += -8
    r4 = 8
    call bpf_skb_load_bytes#26
    r0 = 0
    exit

; reject: helper_arg at 5
; kernel-says: R4 min value is negative
; bpf_skb_load_bytes with a length of -1.
    r2 = 0
    r3 = r10
    r3 += -8
    r4 = -1
    r0 = 0
    call bpf_skb_load_bytes#26
    r0 = 0
    exit

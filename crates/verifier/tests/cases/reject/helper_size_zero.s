; reject: helper_arg at 5
; kernel-says: R4 invalid zero-sized read
; bpf_skb_load_bytes takes a length that must not be zero.
    r2 = 0
    r3 = r10
    r3 += -8
    r4 = 0
    r0 = 0
    call bpf_skb_load_bytes#26
    r0 = 0
    exit

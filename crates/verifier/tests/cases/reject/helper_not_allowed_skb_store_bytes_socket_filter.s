; reject: helper_not_allowed at 6
; kernel-says: program of this type cannot use helper bpf_skb_store_bytes#9
; Socket filters may read the packet but not rewrite it: bpf_skb_store_bytes is for tc.
    *(u32 *)(r10 - 4) = 0
    r2 = 0
    r3 = r10
    r3 += -4
    r4 = 4
    r5 = 0
    call bpf_skb_store_bytes#9
    r0 = 0
    exit

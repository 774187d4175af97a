; reject: ctx_access at 0
; kernel-says: invalid bpf_context access off=76 size=4
; `skb->data` (offset 76) is not readable by socket filters: they have no direct packet
; access.
    r2 = *(u32 *)(r1 + 76)
    r0 = 0
    exit

; reject: ctx_access at 1
; kernel-says: invalid bpf_context access off=8 size=4
; `skb->mark` (offset 8) is writable by tc programs but not by socket filters.
    r2 = 1
    *(u32 *)(r1 + 8) = r2
    r0 = 0
    exit

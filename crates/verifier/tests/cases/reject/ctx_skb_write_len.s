; reject: ctx_access at 1
; kernel-says: invalid bpf_context access off=0 size=4
; `skb->len` is read-only: a socket filter may only write `cb[]`.
    r2 = 0
    *(u32 *)(r1 + 0) = r2
    r0 = 0
    exit

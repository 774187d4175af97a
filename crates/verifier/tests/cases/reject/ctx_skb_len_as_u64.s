; reject: ctx_access at 0
; kernel-says: invalid bpf_context access off=0 size=8
; `skb->len` is a u32: an 8-byte load of it is refused.
    r0 = *(u64 *)(r1 + 0)
    exit

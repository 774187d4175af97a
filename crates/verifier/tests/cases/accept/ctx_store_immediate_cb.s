; accept
; prog_type: sched_cls
; A store-immediate into `skb->cb[0]` of a tc program: Linux 6.18 accepts BPF_ST into the
; context where the field is writable (older kernels refused it).
    *(u32 *)(r1 + 48) = 0
    r0 = 0
    exit

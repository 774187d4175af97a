; reject: ctx_access at 1
; prog_type: sched_cls
; kernel-says: BPF_ATOMIC stores into R1 ctx is not allowed
; An atomic add into `skb->cb[0]`.
    r2 = 1
    lock *(u32 *)(r1 + 48) += r2
    r0 = 0
    exit

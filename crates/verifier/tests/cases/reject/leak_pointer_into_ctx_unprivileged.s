; reject: pointer_leak at 1
; unprivileged
; kernel-says: R10 leaks addr into ctx
; An unprivileged socket filter stores the low half of the frame pointer into `skb->cb[0]`.
    r2 = r10
    *(u32 *)(r1 + 48) = r10
    r0 = 0
    exit

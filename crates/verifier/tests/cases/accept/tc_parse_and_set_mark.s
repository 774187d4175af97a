; accept
; prog_type: sched_cls
; A tc classifier reads the EtherType from the packet and stores it in `skb->mark`.
    r2 = *(u32 *)(r1 + 76)
    r3 = *(u32 *)(r1 + 80)
    r4 = r2
    r4 += 14
    if r4 > r3 goto out
    r5 = *(u16 *)(r2 + 12)
    *(u32 *)(r1 + 8) = r5
out:
    r0 = 0
    exit

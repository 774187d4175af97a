; accept
; prog_type: sched_cls
; A tc program may write the packet directly after a bounds check.
    r2 = *(u32 *)(r1 + 76)
    r3 = *(u32 *)(r1 + 80)
    r4 = r2
    r4 += 6
    if r4 > r3 goto out
    *(u16 *)(r2 + 4) = 0
out:
    r0 = 0
    exit

; accept
; prog_type: cgroup_skb
; A cgroup skb program reads the first packet byte (read-only direct access) and passes.
    r2 = *(u32 *)(r1 + 76)
    r3 = *(u32 *)(r1 + 80)
    r4 = r2
    r4 += 1
    if r4 > r3 goto out
    r5 = *(u8 *)(r2 + 0)
out:
    r0 = 1
    exit

; reject: read_only at 5
; prog_type: cgroup_skb
; kernel-says: cannot write into packet
; cgroup skb programs may read the packet directly but not write it.
    r2 = *(u32 *)(r1 + 76)
    r3 = *(u32 *)(r1 + 80)
    r4 = r2
    r4 += 1
    if r4 > r3 goto out
    *(u8 *)(r2 + 0) = 0
out:
    r0 = 1
    exit

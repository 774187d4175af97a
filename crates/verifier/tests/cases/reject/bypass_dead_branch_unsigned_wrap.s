; reject: map_value_access at 11
; map: array key=4 value=8 entries=1
; kernel-says: invalid access to map value, value_size=8 off=8 size=8
; r1 is -8 to 247 as a signed number, so `r1 > 300` looks impossible, but the compare is
; unsigned: the negative values are huge and take the branch. The branch's bad load is
; reachable.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u8 *)(r0 + 0)
    r1 += -8
    if r1 > 300 goto bad
    goto out
bad:
    r1 = *(u64 *)(r0 + 8)
out:
    r0 = 0
    exit

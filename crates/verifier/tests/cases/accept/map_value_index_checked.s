; accept
; map: array key=4 value=8 entries=1
; A u32 index from the value, checked `> 7` before use.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u32 *)(r0 + 0)
    if r1 > 7 goto out
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

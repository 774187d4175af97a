; accept
; map: array key=4 value=8 entries=1
; Root may move a value pointer past the end of the value as long as it is brought back before
; any access.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r0 += 16
    r0 += -16
    r1 = *(u64 *)(r0 + 0)
out:
    r0 = 0
    exit

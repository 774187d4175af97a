; reject: map_value_access at 13
; map: array key=4 value=8 entries=1
; kernel-says: invalid access to map value, value_size=8 off=8 size=8
; Two paths join with r6 = 0 or r6 = 8, and r6 is then an offset. The paths must not be
; merged as equivalent: the r6 = 8 path reads past the value.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r7 = r0
    call bpf_get_prandom_u32#7
    r6 = 0
    if r0 == 0 goto +1
    r6 = 8
    r7 += r6
    r0 = *(u64 *)(r7 + 0)
out:
    r0 = 0
    exit

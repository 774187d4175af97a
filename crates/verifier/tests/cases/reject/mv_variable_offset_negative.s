; reject: map_value_access at 10
; map: hash key=4 value=8 entries=16
; kernel-says: R0 min value is negative
; A byte of the value minus 4 (-4 to 251) is used as an index: it may be negative.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u8 *)(r0 + 0)
    r1 += -4
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

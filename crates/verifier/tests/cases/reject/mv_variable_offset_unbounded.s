; reject: map_value_access at 9
; map: hash key=4 value=8 entries=16
; kernel-says: R0 unbounded memory access
; A u32 from the value (up to 2^32 - 1) is added to the value pointer and used without an
; upper bound.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u32 *)(r0 + 0)
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

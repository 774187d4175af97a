; reject: pointer_arithmetic at 6
; map: hash key=4 value=8 entries=16
; kernel-says: R0 pointer arithmetic on map_value_or_null prohibited, null-check it first
; The lookup result is moved before its NULL check: NULL + 4 would pass a later check.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r0 += 4
    if r0 == 0 goto out
    r1 = *(u32 *)(r0 + 0)
out:
    r0 = 0
    exit

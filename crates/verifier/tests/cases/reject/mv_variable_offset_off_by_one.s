; reject: map_value_access at 10
; map: hash key=4 value=8 entries=16
; kernel-says: invalid access to map value, value_size=8 off=8 size=1
; The index check `if r1 > 8` lets 8 through: one past the last byte of an 8-byte value.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u32 *)(r0 + 0)
    if r1 > 8 goto out
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

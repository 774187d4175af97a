; reject: map_value_access at 7
; map: hash key=4 value=8 entries=16
; kernel-says: invalid access to map value, value_size=8 off=8 size=8
; An 8-byte load at offset 8 of an 8-byte value.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 8)
out:
    r0 = 0
    exit

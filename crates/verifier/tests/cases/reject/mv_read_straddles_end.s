; reject: map_value_access at 7
; map: array key=4 value=8 entries=4
; kernel-says: invalid access to map value, value_size=8 off=4 size=8
; An 8-byte load at offset 4 of an 8-byte value: its last four bytes are past the end.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 4)
out:
    r0 = 0
    exit

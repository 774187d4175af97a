; reject: map_value_access at 13
; map: array key=4 value=4 entries=1
; map: hash key=4 value=8 entries=4
; kernel-says: invalid access to map value, value_size=4 off=0 size=8
; The 4-byte value of one map is passed as the new 8-byte value for another: the helper would
; read four bytes past it.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r3 = r0
    r2 = r10
    r2 += -4
    r1 = map[idx:1]
    r4 = 0
    call bpf_map_update_elem#2
out:
    r0 = 0
    exit

; reject: map_value_access at 7
; map: hash key=4 value=8 entries=16
; kernel-says: invalid access to map value, value_size=8 off=-4 size=4
; A store four bytes before the value.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    *(u32 *)(r0 - 4) = 1
out:
    r0 = 0
    exit

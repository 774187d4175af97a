; reject: map_value_access at 10
; map: array key=4 value=4 entries=1
; map: hash key=8 value=8 entries=4
; kernel-says: invalid access to map value, value_size=4 off=0 size=8
; A 4-byte map value is used as the key of a map whose keys are 8 bytes.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r2 = r0
    r1 = map[idx:1]
    call bpf_map_lookup_elem#1
out:
    r0 = 0
    exit

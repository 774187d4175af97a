; reject: null_pointer at 6
; map: hash key=4 value=8 entries=16
; kernel-says: R0 invalid mem access 'map_value_or_null'
; A store through the lookup result without a NULL check.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    *(u64 *)(r0 + 0) = 1
    r0 = 0
    exit

; reject: null_pointer at 12
; map: hash key=4 value=8 entries=16
; kernel-says: R3 type=map_value_or_null expected=
; An unchecked lookup result passed as the value to bpf_map_update_elem.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r3 = r0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    r4 = 0
    call bpf_map_update_elem#2
    r0 = 0
    exit

; reject: null_pointer at 9
; map: array_of_maps key=4 value=4 entries=1 inner=array/4/8/1
; kernel-says: R1 type=map_value_or_null expected=map_ptr || R1 type=map_ptr_or_null expected=map_ptr
; The inner map from a map-of-maps lookup is used without checking that the slot is filled
; (until the NULL check the kernel calls it `map_value_or_null`, or `map_ptr_or_null` since
; 6.18.x; after it, a map pointer).
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r1 = r0
    r2 = r10
    r2 += -4
    call bpf_map_lookup_elem#1
    r0 = 0
    exit

; reject: helper_arg at 3
; map: hash key=4 value=8 entries=4
; kernel-says: R2 type=scalar expected=
; The key argument is the number 0, not a pointer.
    r2 = 0
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r0 = 0
    exit

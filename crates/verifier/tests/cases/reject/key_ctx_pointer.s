; reject: helper_arg at 3
; map: hash key=4 value=8 entries=4
; kernel-says: R2 type=ctx expected=
; The context pointer passed as a map key: the helper may not read the context as memory.
    r2 = r1
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r0 = 0
    exit

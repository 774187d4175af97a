; reject: helper_arg at 5
; map: prog_array key=4 value=4 entries=4
; kernel-says: cannot pass map_type 3 into func bpf_map_lookup_elem#1
; A program array cannot be read with bpf_map_lookup_elem: it holds programs, not data.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r0 = 0
    exit

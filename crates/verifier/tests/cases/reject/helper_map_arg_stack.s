; reject: helper_arg at 4
; kernel-says: R1 type=fp expected=map_ptr
; The map argument points to the stack.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = r2
    call bpf_map_lookup_elem#1
    r0 = 0
    exit

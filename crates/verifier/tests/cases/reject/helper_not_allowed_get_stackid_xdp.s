; reject: helper_not_allowed at 4
; prog_type: xdp
; map: stack_trace key=4 value=64 entries=16
; kernel-says: program of this type cannot use helper bpf_get_stackid#27
; bpf_get_stackid is for tracing programs, not XDP.
    r2 = map[idx:0]
    r3 = 0
    r0 = 0
    call bpf_get_stackid#27
    r0 = 2
    exit

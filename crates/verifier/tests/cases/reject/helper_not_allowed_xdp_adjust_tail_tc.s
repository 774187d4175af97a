; reject: helper_not_allowed at 1
; prog_type: sched_cls
; kernel-says: program of this type cannot use helper bpf_xdp_adjust_tail#65
; An XDP-only helper called from a tc classifier.
    r2 = 0
    call bpf_xdp_adjust_tail#65
    r0 = 0
    exit

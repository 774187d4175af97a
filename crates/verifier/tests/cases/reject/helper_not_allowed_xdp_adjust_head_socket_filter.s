; reject: helper_not_allowed at 1
; kernel-says: program of this type cannot use helper bpf_xdp_adjust_head#44
; A socket filter calls an XDP helper.
    r2 = 0
    call bpf_xdp_adjust_head#44
    r0 = 0
    exit

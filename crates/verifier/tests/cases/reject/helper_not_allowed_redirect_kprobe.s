; reject: helper_not_allowed at 2
; prog_type: kprobe
; kernel-says: program of this type cannot use helper bpf_redirect#23
; bpf_redirect is a networking helper; a kprobe has no packet to redirect.
    r1 = 1
    r2 = 0
    call bpf_redirect#23
    r0 = 0
    exit

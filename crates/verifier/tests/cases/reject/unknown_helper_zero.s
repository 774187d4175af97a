; reject: unknown_helper at 0
; kernel-says: program of this type cannot use helper bpf_unspec#0
; Helper id 0 is `BPF_FUNC_unspec`: no helper. (The kernel words it as a helper this program
; type may not use.)
    call 0
    r0 = 0
    exit

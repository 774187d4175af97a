; reject: unsupported at 0
; kernel-says: kernel btf_id 1 is not a function
; A kernel function call (`BPF_PSEUDO_KFUNC_CALL`): Sluice has no kernel functions, and the
; kernel refuses this one too (BTF id 1 is not a function).
    call kfunc#1
    r0 = 0
    exit

; reject: unsupported at 0
; kernel-says: pseudo btf_id 1 in ldimm64 isn't KIND_VAR or KIND_FUNC
; A `lddw` of a kernel symbol's address by BTF id (`BPF_PSEUDO_BTF_ID`), a kernel-only feature.
    r1 = btf_var[id:1,fd:0]
    r0 = 0
    exit

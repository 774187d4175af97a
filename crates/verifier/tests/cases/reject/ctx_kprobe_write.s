; reject: ctx_access at 1
; prog_type: kprobe
; kernel-says: invalid bpf_context access off=0 size=8
; The registers a kprobe sees are read-only.
    r2 = 0
    *(u64 *)(r1 + 0) = r2
    r0 = 0
    exit

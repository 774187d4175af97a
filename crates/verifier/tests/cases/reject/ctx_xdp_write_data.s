; reject: ctx_access at 1
; prog_type: xdp
; kernel-says: invalid bpf_context access off=0 size=4
; The XDP context is read-only.
    r2 = 0
    *(u32 *)(r1 + 0) = r2
    r0 = 2
    exit

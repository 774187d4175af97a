; reject: ctx_access at 1
; prog_type: tracepoint
; kernel-says: invalid bpf_context access off=8 size=8
; A tracepoint's record is read-only.
    r2 = 0
    *(u64 *)(r1 + 8) = r2
    r0 = 0
    exit

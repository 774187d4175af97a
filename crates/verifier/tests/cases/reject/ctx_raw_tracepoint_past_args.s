; reject: ctx_access at 0
; prog_type: raw_tracepoint
; kernel-says: invalid bpf_context access off=96 size=8
; A raw tracepoint's context is at most 12 u64 arguments: offset 96 is past them.
    r0 = *(u64 *)(r1 + 96)
    exit

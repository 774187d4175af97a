; reject: ctx_access at 0
; prog_type: perf_event
; kernel-says: invalid bpf_context access off=184 size=8
; `struct bpf_perf_event_data` is 184 bytes on x86-64 (registers, sample_period, addr).
    r0 = *(u64 *)(r1 + 184)
    exit

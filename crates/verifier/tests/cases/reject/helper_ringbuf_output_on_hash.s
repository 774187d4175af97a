; reject: helper_arg at 7
; map: hash key=4 value=8 entries=4
; kernel-says: cannot pass map_type 1 into func bpf_ringbuf_output#130
; bpf_ringbuf_output needs a ring buffer map; this one is a hash map.
    *(u64 *)(r10 - 8) = 0
    r1 = map[idx:0]
    r2 = r10
    r2 += -8
    r3 = 8
    r4 = 0
    call bpf_ringbuf_output#130
    r0 = 0
    exit

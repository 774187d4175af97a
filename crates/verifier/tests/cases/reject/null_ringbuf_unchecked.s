; reject: null_pointer at 5
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: R0 invalid mem access 'ringbuf_mem_or_null'
; A ring buffer record written without checking that the reservation succeeded.
    r1 = map[idx:0]
    r2 = 8
    r3 = 0
    call bpf_ringbuf_reserve#131
    *(u64 *)(r0 + 0) = 0
    r1 = r0
    r2 = 0
    call bpf_ringbuf_submit#132
    r0 = 0
    exit

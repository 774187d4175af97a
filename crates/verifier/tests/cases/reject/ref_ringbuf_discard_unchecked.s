; reject: null_pointer at 7
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: R1 type=ringbuf_mem_or_null expected=ringbuf_mem
; bpf_ringbuf_discard is given the reservation result without a NULL check.
    r1 = map[idx:0]
    r2 = 8
    r3 = 0
    call bpf_ringbuf_reserve#131
    r1 = r0
    r2 = 0
    call bpf_ringbuf_discard#133
    r0 = 0
    exit

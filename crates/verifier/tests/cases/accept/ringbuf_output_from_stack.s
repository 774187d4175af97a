; accept
; map: ringbuf key=0 value=0 entries=4096
; Copies eight bytes of stack into the ring buffer.
    r1 = 7
    *(u64 *)(r10 - 8) = r1
    r1 = map[idx:0]
    r2 = r10
    r2 += -8
    r3 = 8
    r4 = 0
    call bpf_ringbuf_output#130
    r0 = 0
    exit

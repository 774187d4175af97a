; accept
; map: ringbuf key=0 value=0 entries=4096
; Reserves a record, fills it and submits it.
    r1 = map[idx:0]
    r2 = 16
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    *(u64 *)(r0 + 0) = 1
    *(u64 *)(r0 + 8) = 2
    r1 = r0
    r2 = 0
    call bpf_ringbuf_submit#132
out:
    r0 = 0
    exit

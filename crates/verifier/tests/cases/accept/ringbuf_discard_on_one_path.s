; accept
; map: ringbuf key=0 value=0 entries=4096
; The record is discarded on one branch and submitted on the other: released on every path.
    r1 = map[idx:0]
    r2 = 8
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    r6 = r0
    call bpf_get_prandom_u32#7
    r1 = r6
    r2 = 0
    if r0 == 0 goto discard
    call bpf_ringbuf_submit#132
    goto out
discard:
    call bpf_ringbuf_discard#133
out:
    r0 = 0
    exit

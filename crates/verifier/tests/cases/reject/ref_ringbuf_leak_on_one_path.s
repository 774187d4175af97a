; reject: reference_leak at 13
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: Unreleased reference
; The record is submitted on one branch only; the other exits holding it.
    r1 = map[idx:0]
    r2 = 8
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    r6 = r0
    call bpf_get_prandom_u32#7
    if r0 == 0 goto out
    r1 = r6
    r2 = 0
    call bpf_ringbuf_submit#132
out:
    r0 = 0
    exit

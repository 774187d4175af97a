; reject: helper_arg at 6
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: R2 is not a known constant
; bpf_ringbuf_reserve needs a constant size; this one is chosen at run time.
    call bpf_get_prandom_u32#7
    r2 = r0
    r2 &= 0xff
    r1 = map[idx:0]
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    r1 = r0
    r2 = 0
    call bpf_ringbuf_submit#132
out:
    r0 = 0
    exit

; reject: mem_access at 11
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: R7 unbounded memory access
; A 32-bit random offset into a 16-byte record.
    r1 = map[idx:0]
    r2 = 16
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    r6 = r0
    r7 = r0
    call bpf_get_prandom_u32#7
    w0 = w0
    r7 += r0
    *(u8 *)(r7 + 0) = 0
    r1 = r6
    r2 = 0
    call bpf_ringbuf_submit#132
out:
    r0 = 0
    exit

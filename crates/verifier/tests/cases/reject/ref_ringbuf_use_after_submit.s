; reject: invalid_mem_access at 10
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: R6 invalid mem access 'scalar'
; A record written after it was submitted: the pointer no longer refers to anything the
; program owns.
    r1 = map[idx:0]
    r2 = 8
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    r6 = r0
    r1 = r0
    r2 = 0
    call bpf_ringbuf_submit#132
    *(u64 *)(r6 + 0) = 0
out:
    r0 = 0
    exit

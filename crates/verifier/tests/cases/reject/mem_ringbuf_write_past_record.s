; reject: mem_access at 6
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: invalid access to memory, mem_size=16 off=16 size=8
; A 16-byte record written at offset 16.
    r1 = map[idx:0]
    r2 = 16
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    *(u64 *)(r0 + 16) = 0
    r1 = r0
    r2 = 0
    call bpf_ringbuf_submit#132
out:
    r0 = 0
    exit

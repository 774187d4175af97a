; reject: reference_leak at 12
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: R1 type=scalar expected=ringbuf_mem
; The same record is submitted twice. After the first submit, every copy of the pointer is
; dead.
    r1 = map[idx:0]
    r2 = 8
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    r6 = r0
    r1 = r0
    r2 = 0
    call bpf_ringbuf_submit#132
    r1 = r6
    r2 = 0
    call bpf_ringbuf_submit#132
out:
    r0 = 0
    exit

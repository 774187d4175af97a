; reject: helper_arg at 9
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: R1 must have zero offset when passed to release func
; The record pointer is moved by 8 before it is submitted: the helper needs the pointer the
; reservation returned.
    r1 = map[idx:0]
    r2 = 16
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    r1 = r0
    r1 += 8
    r2 = 0
    call bpf_ringbuf_submit#132
out:
    r0 = 0
    exit

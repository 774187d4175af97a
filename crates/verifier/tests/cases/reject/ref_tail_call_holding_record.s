; reject: reference_leak at 12
; map: ringbuf key=0 value=0 entries=4096
; map: prog_array key=4 value=4 entries=4
; kernel-says: tail_call would lead to reference leak
; A tail call while a ring buffer record is reserved: the called program could never release
; it.
    r6 = r1
    r1 = map[idx:0]
    r2 = 8
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    r7 = r0
    r1 = r6
    r2 = map[idx:1]
    r3 = 0
    call bpf_tail_call#12
    r1 = r7
    r2 = 0
    call bpf_ringbuf_discard#133
out:
    r0 = 0
    exit

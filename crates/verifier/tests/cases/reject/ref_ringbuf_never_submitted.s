; reject: reference_leak at 8
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: Unreleased reference
; A ring buffer record is reserved and written but neither submitted nor discarded.
    r1 = map[idx:0]
    r2 = 8
    r3 = 0
    call bpf_ringbuf_reserve#131
    if r0 == 0 goto out
    *(u64 *)(r0 + 0) = 0
out:
    r0 = 0
    exit

; reject: pointer_arithmetic at 8
; map: hash key=4 value=8 entries=16
; kernel-says: math between map_value pointer and register with unbounded min value is not allowed
; A u64 from the value, unbounded in both directions, is added to the value pointer.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 0)
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

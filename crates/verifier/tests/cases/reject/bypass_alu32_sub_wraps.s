; reject: pointer_arithmetic at 10
; map: array key=4 value=8 entries=1
; kernel-says: makes map_value pointer be out of bounds
; `w1 &= 7; w1 -= 8` wraps around in 32 bits: the result, zero-extended, is 2^32 - 8 to
; 2^32 - 1, not -8 to -1.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 0)
    w1 &= 7
    w1 -= 8
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

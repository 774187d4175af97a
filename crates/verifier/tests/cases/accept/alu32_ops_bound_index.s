; accept
; map: array key=4 value=16 entries=1
; 32-bit operations (and, add, shift) produce an index known to be 0..15, used as a 64-bit
; offset.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 0)
    w1 &= 3
    w1 += 1
    w1 <<= 2
    w1 -= 1
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

; reject: map_value_access at 13
; map: hash key=4 value=8 entries=16
; kernel-says: R0 unbounded memory access
; A 33-bit index is checked with a 32-bit compare: bit 32 may still be set, so the 64-bit
; offset may be 2^32 + 7.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 0)
    r2 = 0x1ffffffff ll
    r1 &= r2
    if w1 > 7 goto out
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

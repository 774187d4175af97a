; reject: map_value_access at 11
; map: array key=4 value=256 entries=1
; kernel-says: invalid access to map value, value_size=256 off=256 size=1
; `w1 &= 0xff; w1 |= 0x100` gives 256 to 511: every such index is past a 256-byte value. A
; verifier that ignores the OR's effect on the bounds would think the index is below 256.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 0)
    w1 &= 0xff
    w1 |= 0x100
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

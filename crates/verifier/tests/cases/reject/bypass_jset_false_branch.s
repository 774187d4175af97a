; reject: map_value_access at 11
; map: array key=4 value=16 entries=1
; kernel-says: invalid access to map value, value_size=16 off=271 size=1
; On the not-taken side of `if r1 & 0xf0` only bits 4 to 7 are known to be clear: with
; r1 < 512, r1 may still be 256 to 271. Treating the branch as `r1 < 16` would be wrong.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 0)
    r1 &= 0x1ff
    if r1 & 0xf0 goto out
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

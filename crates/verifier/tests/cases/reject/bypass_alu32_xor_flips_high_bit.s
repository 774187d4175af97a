; reject: map_value_access at 11
; map: array key=4 value=16 entries=1
; kernel-says: invalid access to map value, value_size=16 off=16 size=1
; `w1 &= 0xf; w1 ^= 0x10` gives 16 to 31: past a 16-byte value.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 0)
    w1 &= 0xf
    w1 ^= 0x10
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

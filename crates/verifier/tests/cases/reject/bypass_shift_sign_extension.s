; reject: map_value_access at 11
; map: array key=4 value=256 entries=1
; kernel-says: R0 min value is negative
; A byte shifted up by 56 and arithmetically back down is sign-extended: -128 to 127, not 0 to
; 255.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u8 *)(r0 + 0)
    r1 <<= 56
    r1 s>>= 56
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

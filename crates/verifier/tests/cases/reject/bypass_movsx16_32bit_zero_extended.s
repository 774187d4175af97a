; reject: map_value_access at 10
; map: array key=4 value=256 entries=1
; kernel-says: R0 unbounded memory access
; `w1 = (s16)w2` sign-extends into 32 bits and the 32-bit result is zero-extended: a negative
; 16-bit value becomes 0xffff8000 to 0xffffffff in the 64-bit register.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r2 = *(u16 *)(r0 + 0)
    w1 = (s16)w2
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

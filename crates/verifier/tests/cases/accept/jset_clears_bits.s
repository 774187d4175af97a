; accept
; map: array key=4 value=16 entries=1
; After `r1 &= 0xff`, the not-taken side of `if r1 & 0xf0` knows bits 4 to 7 are clear: r1 is
; 0..15, a valid index into 16 bytes.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 0)
    r1 &= 0xff
    if r1 & 0xf0 goto out
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

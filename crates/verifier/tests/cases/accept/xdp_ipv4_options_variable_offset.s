; accept
; prog_type: xdp
; Skips the IPv4 header by its length field (IHL * 4, 20 to 60 bytes) and reads the first
; transport byte after a new bounds check of the variable-offset pointer.
    r2 = *(u32 *)(r1 + 0)
    r3 = *(u32 *)(r1 + 4)
    r4 = r2
    r4 += 34
    if r4 > r3 goto pass
    r5 = *(u8 *)(r2 + 14)
    r5 &= 0xf
    r5 <<= 2
    r2 += 14
    r2 += r5
    r4 = r2
    r4 += 1
    if r4 > r3 goto pass
    r0 = *(u8 *)(r2 + 0)
pass:
    r0 = 2
    exit

; accept
; Narrow loads of `__sk_buff` fields: the low byte of `len`, a half of `protocol`.
    r2 = *(u8 *)(r1 + 0)
    r3 = *(u16 *)(r1 + 16)
    r0 = *(u32 *)(r1 + 4)
    exit

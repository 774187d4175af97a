; accept
; A socket filter may write the five `cb[]` words of its context.
    r2 = 1
    *(u32 *)(r1 + 48) = r2
    *(u32 *)(r1 + 52) = r2
    *(u32 *)(r1 + 64) = r2
    r0 = *(u32 *)(r1 + 48)
    exit

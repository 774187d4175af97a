; accept
; The largest shifts allowed: 63 for 64-bit registers, 31 for 32-bit ones.
    r0 = 1
    r0 <<= 63
    r0 s>>= 63
    w0 <<= 31
    w0 >>= 31
    exit

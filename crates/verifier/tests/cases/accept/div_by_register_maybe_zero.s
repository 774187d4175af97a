; accept
; Division and modulo by a register that may be zero are fine: at run time the quotient is 0
; and the remainder is the dividend.
    call bpf_get_prandom_u32#7
    r1 = 100
    r1 /= r0
    r2 = 100
    r2 %= r0
    w1 /= w0
    r0 = r1
    r0 &= 1
    exit

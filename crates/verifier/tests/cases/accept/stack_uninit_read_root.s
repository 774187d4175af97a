; accept
; Root may read stack bytes it never wrote (Linux gives an unknown value); only unprivileged
; programs are refused.
    r0 = *(u64 *)(r10 - 8)
    r0 = 0
    exit

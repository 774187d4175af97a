; accept
; Root may negate a stack pointer: the result is an unknown number (never dereferenced here),
; not a pointer. Linux 6.18 allows it; only unprivileged programs are refused.
    r2 = r10
    r2 = -r2
    r0 = 0
    exit

; accept
; Root may subtract two pointers of different kinds; the result is an unknown number.
    r2 = r10
    r2 -= r1
    r0 = 0
    exit

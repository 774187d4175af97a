; accept
; A loop of 100 iterations summing its counter: loops are fine for root when they end.
    r0 = 0
    r1 = 0
loop:
    r0 += r1
    r1 += 1
    if r1 < 100 goto loop
    exit

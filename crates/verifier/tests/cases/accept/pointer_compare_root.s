; accept
; Root may compare pointers with numbers.
    r0 = 0
    if r1 > 0x1000 goto +1
    r0 = 1
    exit

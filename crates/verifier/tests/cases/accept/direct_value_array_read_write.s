; accept
; map: array key=4 value=16 entries=1 name=.bss
; Global data: a direct pointer into a one-element array, read and written at fixed offsets.
    r1 = map[idx:0]+4
    r2 = *(u32 *)(r1 + 0)
    r2 += 1
    *(u32 *)(r1 + 8) = r2
    r0 = 0
    exit

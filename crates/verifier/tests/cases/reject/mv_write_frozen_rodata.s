; reject: read_only at 3
; map: array key=4 value=16 entries=1 flags=0x80 frozen name=.rodata
; kernel-says: write into map forbidden, value_size=16 off=4 size=4
; A store through a direct pointer into a frozen read-only global data map (`.rodata`).
    r1 = map[idx:0]+0
    r2 = 1
    *(u32 *)(r1 + 4) = r2
    r0 = 0
    exit

; accept
; map: array key=4 value=16 entries=1 flags=0x80 frozen name=.rodata
; A read through a direct pointer into frozen read-only global data.
    r1 = map[idx:0]+8
    r0 = *(u64 *)(r1 + 0)
    exit

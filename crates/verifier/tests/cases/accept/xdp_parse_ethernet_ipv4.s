; accept
; prog_type: xdp
; Parses Ethernet and IPv4 with a bounds check before each header: drops ICMP, passes the
; rest.
    r2 = *(u32 *)(r1 + 0)
    r3 = *(u32 *)(r1 + 4)
    r4 = r2
    r4 += 14
    if r4 > r3 goto pass
    r5 = *(u16 *)(r2 + 12)
    if r5 != 0x0008 goto pass
    r4 = r2
    r4 += 34
    if r4 > r3 goto pass
    r5 = *(u8 *)(r2 + 23)
    if r5 != 1 goto pass
    r0 = 1
    exit
pass:
    r0 = 2
    exit

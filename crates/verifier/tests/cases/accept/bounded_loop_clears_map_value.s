; accept
; map: array key=4 value=8 entries=1
; A bounded loop clears each byte of an 8-byte value, i = 0 to 7.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = 0
loop:
    r2 = r0
    r2 += r1
    *(u8 *)(r2 + 0) = 0
    r1 += 1
    if r1 < 8 goto loop
out:
    r0 = 0
    exit

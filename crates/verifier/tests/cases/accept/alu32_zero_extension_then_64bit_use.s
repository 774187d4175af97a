; accept
; map: array key=4 value=8 entries=1
; `w1 = w1` clears the upper half, so a 32-bit bound `w1 > 7` then bounds the whole 64-bit
; register.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 0)
    w1 = w1
    if w1 > 7 goto out
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

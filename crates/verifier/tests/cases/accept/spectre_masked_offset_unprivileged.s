; accept
; map: array key=4 value=16 entries=1
; unprivileged
; fact: alu_sanitize at 10
; fact: nospec at 11
; An offset in 1..=8 added to a value pointer, then 1 taken off again. Under speculation the
; offset may be masked to 0, which makes the read one byte before the value: the kernel
; fences that path instead of rejecting the program.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u8 *)(r0 + 0)
    r1 &= 7
    r1 += 1
    r0 += r1
    r0 = *(u8 *)(r0 - 1)
out:
    r0 = 0
    exit

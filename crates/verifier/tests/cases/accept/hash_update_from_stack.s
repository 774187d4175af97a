; accept
; map: hash key=4 value=8 entries=16
; Inserts a key and value built on the stack.
    *(u32 *)(r10 - 4) = 7
    r1 = 42
    *(u64 *)(r10 - 16) = r1
    r1 = map[idx:0]
    r2 = r10
    r2 += -4
    r3 = r10
    r3 += -16
    r4 = 0
    call bpf_map_update_elem#2
    r0 = 0
    exit

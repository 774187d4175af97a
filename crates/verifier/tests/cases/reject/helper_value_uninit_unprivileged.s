; reject: uninit_stack at 8
; map: hash key=4 value=8 entries=4
; unprivileged
; kernel-says: invalid read from stack R3 off=-16 size=8
; An unprivileged program passes an 8-byte value it never wrote to bpf_map_update_elem.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r3 = r10
    r3 += -16
    r1 = map[idx:0]
    r4 = 0
    call bpf_map_update_elem#2
    r0 = 0
    exit

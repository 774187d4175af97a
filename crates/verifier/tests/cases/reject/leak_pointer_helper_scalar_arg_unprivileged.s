; reject: pointer_leak at 9
; map: hash key=4 value=8 entries=4
; unprivileged
; kernel-says: R4 leaks addr into helper function
; An unprivileged program passes the frame pointer as bpf_map_update_elem's flags, a plain
; number argument.
    *(u32 *)(r10 - 4) = 0
    *(u64 *)(r10 - 16) = 0
    r2 = r10
    r2 += -4
    r3 = r10
    r3 += -16
    r1 = map[idx:0]
    r4 = r10
    call bpf_map_update_elem#2
    r0 = 0
    exit

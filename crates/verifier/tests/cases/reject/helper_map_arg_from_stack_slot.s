; reject: helper_arg at 8
; map: hash key=4 value=8 entries=4
; kernel-says: R1 type=scalar expected=map_ptr
; The map pointer is spilled to the stack and half of the slot is overwritten before it is
; filled back: what comes back is a number, not a map.
    r6 = map[idx:0]
    *(u64 *)(r10 - 8) = r6
    *(u32 *)(r10 - 8) = 0
    r1 = *(u64 *)(r10 - 8)
    *(u32 *)(r10 - 12) = 0
    r2 = r10
    r2 += -12
    call bpf_map_lookup_elem#1
    r0 = 0
    exit

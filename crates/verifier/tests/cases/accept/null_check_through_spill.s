; accept
; map: hash key=4 value=8 entries=16
; The unchecked lookup result is spilled to the stack; the register is checked, and the copy
; filled back afterwards is known non-NULL too.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    *(u64 *)(r10 - 16) = r0
    if r0 == 0 goto out
    r1 = *(u64 *)(r10 - 16)
    r0 = *(u64 *)(r1 + 0)
out:
    r0 = 0
    exit

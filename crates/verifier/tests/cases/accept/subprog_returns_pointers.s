; accept
; map: array key=4 value=8 entries=1
; Static subprograms may return pointers: one returns the context it was given, another a map
; value (or NULL), which the caller checks.
    call pc+6
    r0 = *(u32 *)(r0 + 0)
    call pc+6
    if r0 == 0 goto +1
    r0 = *(u64 *)(r0 + 0)
    r0 = 0
    exit
    r0 = r1
    exit
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    exit

; reject: pointer_arithmetic at 12
; map: array key=4 value=8 entries=1
; kernel-says: math between map_value pointer and register with unbounded min value is not allowed
; A bounded value (0 to 7) is stored as 32 bits and loaded back as 64: the other four bytes of
; the slot were never written, so the loaded value is unknown.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r6 = r0
    call bpf_get_prandom_u32#7
    r0 &= 7
    *(u32 *)(r10 - 16) = r0
    r1 = *(u64 *)(r10 - 16)
    r6 += r1
    r0 = *(u8 *)(r6 + 0)
out:
    r0 = 0
    exit

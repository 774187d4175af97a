; reject: pointer_arithmetic at 14
; map: array key=4 value=8 entries=1
; kernel-says: math between map_value pointer and register with unbounded min value is not allowed
; r8 is a copy of r7, then r7 gets a new value and is bounds-checked. The check says nothing
; about r8 any more: a verifier that kept r7 and r8 linked would think r8 < 8.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r6 = r0
    call bpf_get_prandom_u32#7
    r7 = r0
    r8 = r7
    call bpf_get_prandom_u32#7
    r7 = r0
    if r7 > 7 goto out
    r6 += r8
    r0 = *(u8 *)(r6 + 0)
out:
    r0 = 0
    exit

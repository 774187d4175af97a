; reject: map_value_access at 10
; map: array key=4 value=8 entries=1
; kernel-says: R0 min value is negative
; A sign-extending load (cpu v4) gives -128 to 127; the signed check `s> 7` leaves -128 to 7.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(s8 *)(r0 + 0)
    if r1 s> 7 goto out
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

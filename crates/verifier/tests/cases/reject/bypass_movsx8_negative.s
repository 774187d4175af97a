; reject: map_value_access at 10
; map: array key=4 value=256 entries=1
; kernel-says: R0 min value is negative
; `r1 = (s8)r2` of a byte (0 to 255) gives -128 to 127: a sign-extending move of a
; non-negative value can be negative.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r2 = *(u8 *)(r0 + 0)
    r1 = (s8)r2
    r0 += r1
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

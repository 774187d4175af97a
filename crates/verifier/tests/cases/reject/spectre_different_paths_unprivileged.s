; reject: pointer_arithmetic at 12
; map: array key=4 value=16 entries=1
; unprivileged
; kernel-says: R0 tried to add from different maps, paths or scalars, pointer arithmetic with it prohibited for !root
; The same addition adds a constant on one path and an unknown offset on the other, so no
; single masking of the instruction fits both.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r2 = *(u32 *)(r0 + 0)
    r2 &= 3
    r3 = *(u32 *)(r0 + 4)
    if r3 == 0 goto add
    r2 = 1
add:
    r0 += r2
    r0 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

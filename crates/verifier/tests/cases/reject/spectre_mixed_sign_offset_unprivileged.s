; reject: pointer_arithmetic at 11
; map: array key=4 value=16 entries=1
; unprivileged
; kernel-says: R1 has unknown scalar with mixed signed bounds, pointer arithmetic with it prohibited for !root
; An offset in -4..=4 is added to a value pointer: the masking that keeps a speculating CPU
; inside the value needs the offset's sign to be known.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = *(u64 *)(r0 + 0)
    if r1 s> 4 goto out
    if r1 s< -4 goto out
    r0 += 8
    r0 += r1
out:
    r0 = 0
    exit

; reject: pointer_arithmetic at 7
; map: array key=4 value=8 entries=1
; unprivileged
; kernel-says: R0 pointer arithmetic of map value goes out of range, prohibited for !root
; An unprivileged program moves a value pointer past the end of the value. Root may, as long
; as nothing is accessed there; unprivileged programs may not form such pointers at all.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r0 += 16
out:
    r0 = 0
    exit

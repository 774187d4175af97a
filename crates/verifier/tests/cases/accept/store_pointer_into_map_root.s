; accept
; map: array key=4 value=8 entries=1
; Root may store a pointer into a map value (an address leak unprivileged programs may not
; make).
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    *(u64 *)(r0 + 0) = r10
out:
    r0 = 0
    exit

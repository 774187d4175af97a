; accept
; map: hash key=4 value=8 entries=16
; The NULL check is made on a copy of the lookup result; the original, which the check also
; covers, is dereferenced.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r6 = r0
    if r6 == 0 goto out
    r0 = *(u64 *)(r0 + 0)
out:
    r0 = 0
    exit

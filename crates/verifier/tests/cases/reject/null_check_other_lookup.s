; reject: null_pointer at 14
; map: hash key=4 value=8 entries=16
; kernel-says: R7 invalid mem access 'map_value_or_null'
; Two lookups; the first result is checked and the second is dereferenced.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r6 = r0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r7 = r0
    if r6 == 0 goto out
    r0 = *(u64 *)(r7 + 0)
out:
    r0 = 0
    exit

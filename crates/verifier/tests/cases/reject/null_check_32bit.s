; reject: null_pointer at 7
; map: hash key=4 value=8 entries=16
; kernel-says: R0 invalid mem access 'map_value_or_null'
; A 32-bit compare of the lookup result with 0 is not a NULL check: the low half of a valid
; pointer can be 0.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if w0 == 0 goto out
    r0 = *(u64 *)(r0 + 0)
out:
    r0 = 0
    exit

; reject: null_pointer at 7
; map: hash key=4 value=8 entries=16
; kernel-says: R0 invalid mem access 'scalar'
; The NULL check is the wrong way round: the load runs only when r0 is NULL. (Linux words it
; as an access through the number 0.)
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 != 0 goto out
    r0 = *(u64 *)(r0 + 0)
out:
    r0 = 0
    exit

; accept
; map: array key=4 value=16 entries=1
; Atomic add, fetch-add, exchange and compare-exchange on a map value.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = 1
    lock *(u64 *)(r0 + 0) += r1
    r1 = atomic_fetch_add((u64 *)(r0 + 0), r1)
    r2 = 5
    r2 = xchg_64(r0 + 8, r2)
    r6 = r0
    r0 = 0
    r3 = 9
    r0 = cmpxchg_64(r6 + 8, r0, r3)
out:
    r0 = 0
    exit

; reject: map_value_access at 16
; map: array key=4 value=8 entries=1
; kernel-says: R6 unbounded memory access
; The shape of CVE-2020-8835: r1 is known to lie in [1, 2^32 + 1] from 64-bit compares, then a
; 32-bit compare `w1 != 1` is taken as proof that r1 == 1. It only proves the low half is 1: r1
; may be 2^32 + 1, so `r1 - 1` may be 2^32, far past the 8-byte value.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r6 = r0
    r1 = *(u64 *)(r0 + 0)
    if r1 < 1 goto out
    r2 = 0x100000001 ll
    if r1 > r2 goto out
    if w1 != 1 goto out
    r1 -= 1
    r6 += r1
    r0 = *(u8 *)(r6 + 0)
out:
    r0 = 0
    exit

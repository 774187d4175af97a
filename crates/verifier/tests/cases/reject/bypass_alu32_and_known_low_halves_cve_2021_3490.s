; reject: map_value_access at 17
; map: array key=4 value=8 entries=1
; kernel-says: invalid access to map value, value_size=8 off=-1 size=1
; The shape of CVE-2021-3490: a 32-bit AND of registers whose low halves are known while their
; upper halves are not. r5's low half is 1, r6's is 2, so `w5 &= w6` leaves r5 = 0 (the 32-bit
; op clears the upper half); r5 - 1 = -1 is then an offset before the value. A verifier that
; keeps r5's stale 32-bit bounds ([1, 1]) would think the offset is 0.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r5 = *(u64 *)(r0 + 0)
    r6 = 0xffffffff00000000 ll
    r5 &= r6
    r5 |= 1
    r6 = 0x100000002 ll
    w5 &= w6
    r5 += -1
    r0 += r5
    r1 = *(u8 *)(r0 + 0)
out:
    r0 = 0
    exit

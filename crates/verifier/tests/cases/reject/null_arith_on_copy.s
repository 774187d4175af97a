; reject: pointer_arithmetic at 7
; map: hash key=4 value=8 entries=16
; kernel-says: R1 pointer arithmetic on map_value_or_null prohibited, null-check it first
; A copy of the unchecked lookup result is incremented, then the original is checked and the
; copy used (the shape of CVE-2022-23222): if the copy were allowed, NULL + 1 would be
; dereferenced.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r1 = r0
    r1 += 1
    if r0 == 0 goto out
    r0 = *(u8 *)(r1 + 0)
out:
    r0 = 0
    exit

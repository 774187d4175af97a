; reject: null_pointer at 7
; prog_type: xdp
; kernel-says: R7 invalid mem access 'scalar'
; `p >= data_end` (AT_PKT_END) does not decide `p > data_end`: p may be exactly at the end,
; so the fall-through dereferences the NULL r7.
    r3 = *(u32 *)(r1 + 4)
    r2 = *(u32 *)(r1 + 0)
    r7 = 0
    r4 = r2
    r4 += 8
    if r3 > r4 goto out
    if r4 > r3 goto out
    r0 = *(u64 *)(r7 + 0)
out:
    r0 = 2
    exit

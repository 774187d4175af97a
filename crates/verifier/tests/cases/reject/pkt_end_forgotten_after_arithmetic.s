; reject: null_pointer at 10
; prog_type: xdp
; kernel-says: R7 invalid mem access 'scalar'
; kernel: skip Linux 6.18 keeps BEYOND_PKT_END across `r4 -= 20` and accepts this unsafe program; 7.2 clears it on any pointer arithmetic (adjust_ptr_min_max_vals), as Sluice does
; What a comparison proved about where a packet pointer lies relative to data_end is lost
; once the pointer moves: `r4 -= 20` may bring it back inside the packet, so the second
; comparison is not decided and the NULL r7 may be dereferenced.
    r3 = *(u32 *)(r1 + 4)
    r2 = *(u32 *)(r1 + 0)
    r7 = 0
    r4 = r2
    r4 += 20
    if r4 > r3 goto null
    r7 = r2
null:
    r4 -= 20
    r0 = 1
    if r4 > r3 goto out
    r0 = *(u16 *)(r7 + 6)
    r0 &= 3
out:
    exit

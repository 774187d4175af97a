; reject: packet_access at 5
; prog_type: xdp
; kernel-says: invalid access to packet, off=0 size=4
; The metadata area ends at `data`, not at `data_end`: a check against `data_end` proves
; nothing about it.
    r2 = *(u32 *)(r1 + 8)
    r3 = *(u32 *)(r1 + 4)
    r4 = r2
    r4 += 4
    if r4 > r3 goto out
    r0 = *(u32 *)(r2 + 0)
    exit
out:
    r0 = 1
    exit

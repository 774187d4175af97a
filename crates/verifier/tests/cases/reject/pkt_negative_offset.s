; reject: packet_access at 5
; prog_type: xdp
; kernel-says: invalid access to packet, off=-1 size=1
; A load one byte before `data`, after a valid bounds check.
    r2 = *(u32 *)(r1 + 0)
    r3 = *(u32 *)(r1 + 4)
    r4 = r2
    r4 += 14
    if r4 > r3 goto out
    r0 = *(u8 *)(r2 - 1)
    exit
out:
    r0 = 1
    exit

; reject: packet_access at 5
; prog_type: xdp
; kernel-says: invalid access to packet, off=12 size=4
; After a check of 14 bytes, a 4-byte load at offset 12 reads two bytes beyond them.
    r2 = *(u32 *)(r1 + 0)
    r3 = *(u32 *)(r1 + 4)
    r4 = r2
    r4 += 14
    if r4 > r3 goto out
    r0 = *(u32 *)(r2 + 12)
    exit
out:
    r0 = 1
    exit

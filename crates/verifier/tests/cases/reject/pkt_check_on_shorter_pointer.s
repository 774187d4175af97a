; reject: packet_access at 7
; prog_type: xdp
; kernel-says: invalid access to packet, off=20 size=1
; The bounds check is made on `data + 14`, but the load goes through another pointer,
; `data + 20`, beyond what was checked.
    r2 = *(u32 *)(r1 + 0)
    r3 = *(u32 *)(r1 + 4)
    r4 = r2
    r4 += 14
    r5 = r2
    r5 += 20
    if r4 > r3 goto out
    r0 = *(u8 *)(r5 + 0)
    exit
out:
    r0 = 1
    exit

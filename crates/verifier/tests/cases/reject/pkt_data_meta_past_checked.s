; reject: packet_access at 5
; prog_type: xdp
; kernel-says: invalid access to packet, off=4 size=8
; Four bytes of metadata are checked against `data`; an 8-byte load at offset 4 goes past
; them.
    r2 = *(u32 *)(r1 + 8)
    r3 = *(u32 *)(r1 + 0)
    r4 = r2
    r4 += 4
    if r4 > r3 goto out
    r0 = *(u64 *)(r2 + 4)
    exit
out:
    r0 = 1
    exit

; reject: packet_access at 5
; prog_type: xdp
; kernel-says: invalid access to packet, off=14 size=1
; `data + 14 <= data_end` proves bytes 0 to 13; the load reads byte 14.
    r2 = *(u32 *)(r1 + 0)
    r3 = *(u32 *)(r1 + 4)
    r4 = r2
    r4 += 14
    if r4 > r3 goto out
    r0 = *(u8 *)(r2 + 14)
    exit
out:
    r0 = 1
    exit

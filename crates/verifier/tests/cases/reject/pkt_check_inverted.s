; reject: packet_access at 5
; prog_type: xdp
; kernel-says: invalid access to packet, off=0 size=1
; The check is the wrong way round: the load runs on the path where `data + 14 > data_end`.
    r2 = *(u32 *)(r1 + 0)
    r3 = *(u32 *)(r1 + 4)
    r4 = r2
    r4 += 14
    if r4 <= r3 goto out
    r0 = *(u8 *)(r2 + 0)
    exit
out:
    r0 = 1
    exit

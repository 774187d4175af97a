; reject: packet_access at 1
; prog_type: xdp
; kernel-says: invalid access to packet, off=0 size=1
; An XDP program reads the first packet byte without comparing against `data_end`.
    r2 = *(u32 *)(r1 + 0)
    r0 = *(u8 *)(r2 + 0)
    exit

; reject: packet_access at 1
; prog_type: xdp
; kernel-says: invalid access to packet, off=0 size=1
; `data_meta` read without comparing it against `data`.
    r2 = *(u32 *)(r1 + 8)
    r0 = *(u8 *)(r2 + 0)
    exit

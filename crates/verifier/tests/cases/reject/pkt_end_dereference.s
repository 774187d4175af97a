; reject: invalid_mem_access at 1
; prog_type: xdp
; kernel-says: R3 invalid mem access 'pkt_end'
; `data_end` is a bound to compare against, not a pointer to read through.
    r3 = *(u32 *)(r1 + 4)
    r0 = *(u8 *)(r3 - 1)
    exit

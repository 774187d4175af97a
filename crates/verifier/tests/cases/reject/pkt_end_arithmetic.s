; reject: pointer_arithmetic at 1
; prog_type: xdp
; kernel-says: R3 pointer arithmetic on pkt_end prohibited
; No arithmetic is allowed on `data_end`.
    r3 = *(u32 *)(r1 + 4)
    r3 += -1
    r0 = 1
    exit

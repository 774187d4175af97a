; reject: pointer_arithmetic at 5
; prog_type: xdp
; kernel-says: math between pkt pointer and register with unbounded min value is not allowed
; An unknown 64-bit value added to a packet pointer.
    r6 = r1
    call bpf_get_prandom_u32#7
    r2 = *(u32 *)(r6 + 0)
    r3 = *(u32 *)(r6 + 4)
    r4 = r2
    r2 += r0
    r0 = 1
    exit

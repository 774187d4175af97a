; reject: packet_access at 8
; prog_type: xdp
; kernel-says: invalid access to packet, off=0 size=1
; A byte of the packet (0 to 255) is added to `data` and the result is read without a new
; bounds check: the first check covered only 14 bytes.
    r2 = *(u32 *)(r1 + 0)
    r3 = *(u32 *)(r1 + 4)
    r4 = r2
    r4 += 14
    if r4 > r3 goto out
    r5 = *(u8 *)(r2 + 0)
    r2 += r5
    r0 = 0
    r0 = *(u8 *)(r2 + 0)
    exit
out:
    r0 = 1
    exit

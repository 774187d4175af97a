; reject: invalid_mem_access at 10
; prog_type: xdp
; kernel-says: R7 invalid mem access 'scalar'
; bpf_xdp_adjust_head moves the packet: every packet pointer taken before the call is
; invalidated, even one that was bounds-checked.
    r6 = r1
    r2 = *(u32 *)(r6 + 0)
    r3 = *(u32 *)(r6 + 4)
    r4 = r2
    r4 += 14
    if r4 > r3 goto out
    r7 = r2
    r1 = r6
    r2 = 0
    call bpf_xdp_adjust_head#44
    r0 = *(u8 *)(r7 + 0)
    exit
out:
    r0 = 1
    exit

; reject: packet_access at 3
; prog_type: xdp
; map: hash key=4 value=8 entries=4
; kernel-says: invalid access to packet, off=0 size=4
; A packet pointer passed as a map key without a bounds check: the helper would read four
; bytes that may not exist.
    r2 = *(u32 *)(r1 + 0)
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    r0 = 1
    exit

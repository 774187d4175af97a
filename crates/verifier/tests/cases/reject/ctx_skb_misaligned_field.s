; reject: ctx_access at 0
; kernel-says: invalid bpf_context access off=2 size=4
; A 4-byte load at offset 2 straddles `len` and `pkt_type`.
    r0 = *(u32 *)(r1 + 2)
    exit

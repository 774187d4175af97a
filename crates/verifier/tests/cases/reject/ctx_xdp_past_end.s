; reject: ctx_access at 0
; prog_type: xdp
; kernel-says: invalid bpf_context access off=24 size=4
; `struct xdp_md` is 24 bytes: offset 24 is past its end.
    r0 = *(u32 *)(r1 + 24)
    exit

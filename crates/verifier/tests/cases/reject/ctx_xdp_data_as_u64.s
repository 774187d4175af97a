; reject: ctx_access at 0
; prog_type: xdp
; kernel-says: invalid bpf_context access off=0 size=8
; `xdp_md->data` is a u32 field: an 8-byte load of it is refused.
    r2 = *(u64 *)(r1 + 0)
    r0 = 2
    exit

; reject: ctx_access at 0
; prog_type: xdp
; kernel-says: invalid bpf_context access off=20 size=4
; `xdp_md->egress_ifindex` is only readable by XDP programs attached to a devmap entry
; (expected attach type `xdp_devmap`), not by plain XDP programs.
    r0 = *(u32 *)(r1 + 20)
    exit

; reject: ctx_access at 0
; prog_type: kprobe
; kernel-says: invalid bpf_context access off=168 size=8
; On x86-64 `struct pt_regs` is 168 bytes: offset 168 is past its end.
    r0 = *(u64 *)(r1 + 168)
    exit

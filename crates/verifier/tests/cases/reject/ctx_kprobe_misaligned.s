; reject: ctx_access at 0
; prog_type: kprobe
; kernel-says: invalid bpf_context access off=4 size=8
; An 8-byte load at offset 4 of `struct pt_regs`: kprobe context loads must be aligned.
    r0 = *(u64 *)(r1 + 4)
    exit

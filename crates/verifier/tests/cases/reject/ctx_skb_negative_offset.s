; reject: ctx_access at 0
; kernel-says: invalid bpf_context access off=-4 size=4
; A socket filter reads before the start of its context.
    r0 = *(u32 *)(r1 - 4)
    exit

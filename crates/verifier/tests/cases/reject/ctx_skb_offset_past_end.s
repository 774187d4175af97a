; reject: ctx_access at 0
; kernel-says: invalid bpf_context access off=1000 size=4
; A socket filter reads far past the end of `struct __sk_buff`.
    r0 = *(u32 *)(r1 + 1000)
    exit

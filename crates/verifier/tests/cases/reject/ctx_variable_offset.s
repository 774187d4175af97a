; reject: ctx_access at 4
; kernel-says: variable ctx access var_off=(0x0; 0x4) disallowed
; A variable offset is added to the context pointer before a load.
    r6 = r1
    call bpf_get_prandom_u32#7
    r0 &= 4
    r6 += r0
    r0 = *(u32 *)(r6 + 0)
    exit

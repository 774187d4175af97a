; reject: uninit_reg at 3
; kernel-says: R5 !read_ok
; r5 was set before a helper call; the call clobbers r1 to r5.
    r5 = 42
    call bpf_get_prandom_u32#7
    r0 = 0
    r0 += r5
    exit

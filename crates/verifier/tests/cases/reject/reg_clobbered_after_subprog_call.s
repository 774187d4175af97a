; reject: uninit_reg at 3
; kernel-says: R3 !read_ok
; A bpf-to-bpf call clobbers r1 to r5 just like a helper call.
    r3 = 7
    call pc+3
    r0 = 0
    r0 += r3
    exit
    r0 = 0
    exit

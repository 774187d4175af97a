; reject: uninit_reg at 3
; kernel-says: R1 !read_ok
; r1 is caller-saved: a helper call leaves it undefined, so reading the ctx pointer from it
; after the call is an error.
    r6 = r1
    call bpf_ktime_get_ns#5
    r0 = 0
    r0 = r1
    exit

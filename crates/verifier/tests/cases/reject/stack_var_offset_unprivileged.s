; reject: stack_access at 5
; unprivileged
; kernel-says: R2 variable stack access prohibited for !root
; An unprivileged program stores at a variable stack offset, even one within the frame.
    call bpf_get_prandom_u32#7
    r0 &= 0x8
    r2 = r10
    r2 += -16
    r2 += r0
    *(u64 *)(r2 + 0) = 0
    r0 = 0
    exit

; reject: pointer_arithmetic at 4
; unprivileged
; kernel-says: R2 variable stack access prohibited for !root
; An unprivileged program adds a variable offset to a stack pointer, even one that keeps it
; within the frame: Linux refuses the addition itself.
    call bpf_get_prandom_u32#7
    r0 &= 0x8
    r2 = r10
    r2 += -16
    r2 += r0
    *(u64 *)(r2 + 0) = 0
    r0 = 0
    exit

; reject: uninit_stack at 1
; unprivileged
; kernel-says: invalid read from stack off -8+4 size 8
; An unprivileged program writes four bytes of a slot and reads all eight.
    *(u32 *)(r10 - 8) = 0
    r0 = *(u64 *)(r10 - 8)
    r0 = 0
    exit

; reject: stack_access at 0
; kernel-says: misaligned stack access off 0+0+-6 size 4
; A 4-byte store at fp-6: stack accesses must be aligned to their size.
    *(u32 *)(r10 - 6) = 0
    r0 = 0
    exit

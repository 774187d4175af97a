; reject: stack_access at 0
; kernel-says: misaligned stack access off 0+0+-12 size 8
; Spilling the context pointer to a misaligned stack slot (fp-12).
    *(u64 *)(r10 - 12) = r1
    r0 = 0
    exit

; reject: stack_access at 6
; kernel-says: invalid write to stack R1 off=0 size=8
; The caller passes fp-8; the subprogram writes 8 bytes at that pointer + 8, which is the
; caller's frame pointer itself, above its frame.
    r1 = r10
    r1 += -8
    call pc+2
    r0 = 0
    exit
    r2 = 0
    *(u64 *)(r1 + 8) = r2
    r0 = 0
    exit

; accept
; The caller passes a pointer to its stack; the subprogram writes through it and the caller
; reads the result.
    r1 = r10
    r1 += -8
    call pc+2
    r0 = *(u64 *)(r10 - 8)
    exit
    r2 = 5
    *(u64 *)(r1 + 0) = r2
    r0 = 0
    exit

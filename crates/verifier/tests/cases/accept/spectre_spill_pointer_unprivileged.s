; accept
; unprivileged
; fact: nospec_result at 0
; fact: nospec_result at 2
; An unprivileged program spills the context pointer, then overwrites the spill with a
; number: a CPU could speculatively run a later load before either store, so both are
; followed by a speculation barrier (Spectre v4).
    *(u64 *)(r10 - 8) = r1
    r1 = *(u64 *)(r10 - 8)
    *(u64 *)(r10 - 8) = 0
    r0 = *(u32 *)(r1 + 0)
    r0 = 0
    exit

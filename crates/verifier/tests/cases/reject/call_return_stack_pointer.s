; reject: stack_access at 7
; kernel-says: cannot return stack pointer to the caller
; A subprogram returns a pointer into its own frame, which is gone once it returns.
    call pc+3
    r0 = *(u64 *)(r0 + 0)
    r0 = 0
    exit
    *(u64 *)(r10 - 8) = 0
    r0 = r10
    r0 += -8
    exit

; reject: stack_too_deep
; kernel-says: combined stack size of 2 calls is
; main uses 256 bytes of stack and calls a subprogram that uses 264: 520 bytes together, more
; than the 512 a call chain may use.
    r1 = 0
    *(u64 *)(r10 - 256) = r1
    call pc+2
    r0 = 0
    exit
    r1 = 0
    *(u64 *)(r10 - 264) = r1
    r0 = 0
    exit

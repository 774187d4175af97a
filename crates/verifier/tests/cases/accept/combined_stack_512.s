; accept
; main and its subprogram use 256 bytes of stack each: exactly the 512 a call chain may use.
    r1 = 0
    *(u64 *)(r10 - 256) = r1
    call pc+2
    r0 = 0
    exit
    r1 = 0
    *(u64 *)(r10 - 256) = r1
    r0 = 0
    exit

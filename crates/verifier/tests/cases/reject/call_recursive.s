; reject: call_depth at 4
; kernel-says: the call stack of 9 frames is too deep
; A subprogram that calls itself. Linux has no separate recursion check: the verifier follows
; the calls until the chain passes eight frames.
    call pc+2
    r0 = 0
    exit
    r0 = 0
    call pc-2
    exit

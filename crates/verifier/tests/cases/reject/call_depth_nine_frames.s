; reject: call_depth at 14
; kernel-says: the call stack of 9 frames is too deep
; main calls f1, f1 calls f2, ... f7 calls f8: nine frames, one more than the eight allowed.
    call pc+1
    exit
    call pc+1
    exit
    call pc+1
    exit
    call pc+1
    exit
    call pc+1
    exit
    call pc+1
    exit
    call pc+1
    exit
    call pc+1
    exit
    r0 = 0
    exit

; accept
; main and seven nested subprograms: eight frames, the most allowed.
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

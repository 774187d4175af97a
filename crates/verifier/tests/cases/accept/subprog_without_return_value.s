; accept
; A subprogram exits without setting r0 and its caller never reads the result: Linux checks r0
; where it is used, not at the subprogram's exit.
    call pc+2
    r0 = 0
    exit
    r1 = 0
    exit

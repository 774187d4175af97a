; accept
; A subprogram called twice, returning the sum of its arguments; callee-saved r6 survives the
; calls.
    r6 = 10
    r1 = 1
    r2 = 2
    call pc+5
    r1 = r0
    r2 = r6
    call pc+2
    r0 &= 1
    exit
    r0 = r1
    r0 += r2
    exit

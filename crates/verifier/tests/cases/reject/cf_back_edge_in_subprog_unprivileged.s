; reject: back_edge at 6
; unprivileged
; kernel-says: back-edge from insn 6 to 4
; A loop inside a subprogram of an unprivileged program.
    r1 = 3
    call pc+2
    r0 = 0
    exit
    r1 += -1
    if r1 == 0 goto +1
    goto -3
    r0 = 0
    exit

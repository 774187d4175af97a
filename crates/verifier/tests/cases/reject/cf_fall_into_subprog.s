; reject: fall_through at 3
; kernel-says: last insn is not an exit or jmp
; The main function's last instruction is a move, so execution would fall into the subprogram
; that follows it.
    call pc+3
    r0 = 0
    exit
    r0 = 1
    r0 = 2
    exit

; reject: fall_through at 3
; kernel-says: last insn is not an exit or jmp
; The last instruction is a conditional jump backwards; when it is not taken, execution runs
; past the end of the program.
    r0 = 0
    if r1 != 0 goto +1
    exit
    if r0 == 0 goto -2

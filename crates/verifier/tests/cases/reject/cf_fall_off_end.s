; reject: fall_through at 1
; kernel-says: last insn is not an exit or jmp
; The last instruction is a move: execution runs past the end.
    r0 = 0
    r0 += 1

; reject: jump_out_of_range at 1
; kernel-says: jump out of range from insn 1 to -2
; An unconditional jump to before the first instruction.
    r0 = 0
    goto -4
    exit

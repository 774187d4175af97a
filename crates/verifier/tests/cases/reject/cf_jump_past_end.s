; reject: jump_out_of_range at 1
; kernel-says: jump out of range from insn 1 to 9
; A conditional jump to an instruction past the end of the program.
    r0 = 0
    if r1 == 0 goto +7
    exit

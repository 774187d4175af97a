; reject: jump_out_of_range at 1
; kernel-says: jump out of range from insn 1 to 5
; A jump from the main function into the body of a subprogram.
    call pc+3
    if r0 == 0 goto +3
    r0 = 0
    exit
    r0 = 1
    exit

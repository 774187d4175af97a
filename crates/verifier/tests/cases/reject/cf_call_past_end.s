; reject: jump_out_of_range at 0
; kernel-says: call to invalid destination
; A bpf-to-bpf call whose target lies past the end of the program.
    call pc+10
    r0 = 0
    exit

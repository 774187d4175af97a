; reject: unreachable_insn at 5
; kernel-says: unreachable insn 5
; The instructions after a subprogram's exit belong to no path: the subprogram returns before
; them and nothing jumps there.
    call pc+2
    r0 = 0
    exit
    r0 = 1
    exit
    r0 = 2
    r0 = 3
    exit

; reject: unreachable_insn at 2
; kernel-says: unreachable insn 2
; Two instructions after the only exit: nothing jumps to them.
    r0 = 0
    exit
    r0 = 1
    exit

; reject: invalid_insn at 1
; kernel-says: unknown opcode 8d
; `callx` (an indirect call through a register) is not part of what Linux accepts.
    r2 = 1
    callx r2
    r0 = 0
    exit

; reject: unreachable_insn at 1
; kernel-says: unreachable insn 1
; An unconditional jump skips an instruction no other path reaches.
    goto +1
    r0 = 1
    r0 = 0
    exit

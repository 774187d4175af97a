; reject: invalid_insn at 0
; map: hash key=4 value=8 entries=4
; kernel: skip the kernel does not know fd_array's length and would read past it
; A `lddw` names map index 1, but only one map (index 0) was given.
    r1 = map[idx:1]
    r0 = 0
    exit

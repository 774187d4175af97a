; reject: infinite_loop at 1
; kernel-says: infinite loop detected at insn 1
; `l: goto l`: the loop reaches the same state again without any change.
    r0 = 0
l:
    goto l

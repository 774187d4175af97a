; reject: infinite_loop at 1
; kernel-says: infinite loop detected at insn 1
; A loop whose counter never changes (`r1 += 0`): each iteration reaches exactly the state of
; the one before.
    r1 = 0
loop:
    r1 += 0
    if r1 < 10 goto loop
    r0 = 0
    exit

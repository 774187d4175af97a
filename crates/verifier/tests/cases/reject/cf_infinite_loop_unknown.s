; reject: infinite_loop at 3
; kernel-says: infinite loop detected at insn 3
; A loop whose condition tests an unknown value the loop never changes: once the jump has been
; taken, every iteration reaches the same state.
    call bpf_get_prandom_u32#7
    r1 = r0
    r0 = 0
loop:
    if r1 > 7 goto loop
    exit

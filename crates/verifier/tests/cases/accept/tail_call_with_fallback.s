; accept
; map: prog_array key=4 value=4 entries=4
; A tail call, and the code that runs when the slot is empty.
    r2 = map[idx:0]
    r3 = 0
    call bpf_tail_call#12
    r0 = 0
    exit

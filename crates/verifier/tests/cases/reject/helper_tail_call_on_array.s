; reject: helper_arg at 3
; map: array key=4 value=4 entries=4
; kernel-says: expected prog array map for tail call
; bpf_tail_call needs a program array; this one is a plain array.
    r2 = map[idx:0]
    r3 = 0
    call bpf_tail_call#12
    r0 = 0
    exit

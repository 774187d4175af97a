; reject: invalid_insn at 0
; kernel-says: fd 0 is not pointing to valid bpf_map
; A `lddw` names file descriptor 0, which is not a map (the program was given no maps).
    r1 = map[fd:0]
    r0 = 0
    exit

; reject: invalid_insn at 0
; kernel-says: fd_idx without fd_array is invalid
; A `lddw` names map index 0, but the program was given no maps.
    r1 = map[idx:0]
    r0 = 0
    exit

; reject: back_edge at 3
; unprivileged
; kernel-says: back-edge from insn 3 to 1
; A bounded loop: fine for root, but unprivileged programs may not have back-edges at all.
    r0 = 0
    r0 += 1
    if r0 > 9 goto +1
    goto -3
    exit

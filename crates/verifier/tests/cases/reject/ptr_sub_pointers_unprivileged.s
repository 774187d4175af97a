; reject: pointer_arithmetic at 1
; unprivileged
; kernel-says: R2 pointer -= pointer prohibited
; Subtracting two pointers gives their distance, which root may compute but an unprivileged
; program may not (it could learn kernel addresses).
    r2 = r10
    r2 -= r1
    r0 = 0
    exit

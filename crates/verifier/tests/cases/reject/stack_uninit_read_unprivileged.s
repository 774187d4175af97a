; reject: uninit_stack at 0
; unprivileged
; kernel-says: invalid read from stack R10 off=-8 size=8
; An unprivileged program reads stack bytes it never wrote (root may, and gets an unknown value).
    r0 = *(u64 *)(r10 - 8)
    r0 = 0
    exit

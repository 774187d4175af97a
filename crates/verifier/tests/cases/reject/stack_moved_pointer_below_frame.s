; reject: stack_access at 2
; kernel-says: invalid write to stack R2 off=-513 size=1
; A copy of the frame pointer moved to the bottom of the frame (-512), then used one byte lower.
    r2 = r10
    r2 += -512
    *(u8 *)(r2 - 1) = 0
    r0 = 0
    exit

; reject: stack_access at 1
; kernel-says: invalid write to stack R10 off=0 size=8
; A store at offset 0 from the frame pointer, just above the frame.
    r1 = 0
    *(u64 *)(r10 + 0) = r1
    r0 = 0
    exit

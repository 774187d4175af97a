; reject: frame_pointer_write at 2
; kernel-says: frame pointer is read only
; Loading into r10 from the stack.
    r1 = 0
    *(u64 *)(r10 - 8) = r1
    r10 = *(u64 *)(r10 - 8)
    r0 = 0
    exit

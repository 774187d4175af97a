; reject: stack_access at 1
; kernel-says: invalid write to stack R10 off=-520 size=8
; A store 520 bytes below the frame pointer: the frame is 512 bytes.
    r1 = 0
    *(u64 *)(r10 - 520) = r1
    r0 = 0
    exit

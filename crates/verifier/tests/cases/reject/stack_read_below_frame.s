; reject: stack_access at 0
; kernel-says: invalid read from stack R10 off=-520 size=8
; A load 520 bytes below the frame pointer.
    r0 = *(u64 *)(r10 - 520)
    exit

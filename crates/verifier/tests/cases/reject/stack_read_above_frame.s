; reject: stack_access at 0
; kernel-says: invalid read from stack R10 off=1 size=1
; A one-byte load above the frame pointer.
    r0 = *(u8 *)(r10 + 1)
    exit

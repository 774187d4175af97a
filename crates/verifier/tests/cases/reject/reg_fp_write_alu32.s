; reject: frame_pointer_write at 1
; kernel-says: frame pointer is read only
; A 32-bit move into the frame pointer.
    r0 = 0
    w10 = w0
    exit

; reject: frame_pointer_write at 0
; kernel-says: frame pointer is read only
; Writing r10, the frame pointer.
    r10 = 0
    r0 = 0
    exit

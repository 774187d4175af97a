; reject: frame_pointer_write at 0
; kernel-says: frame pointer is read only
; Moving the frame pointer down with `r10 -= 8`.
    r10 -= 8
    r0 = 0
    exit

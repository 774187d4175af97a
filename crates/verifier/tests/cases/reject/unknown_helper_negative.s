; reject: unknown_helper at 0
; kernel-says: invalid func unknown#-1
; A helper call with id -1.
    call -1
    r0 = 0
    exit

; reject: unknown_helper at 0
; kernel-says: invalid func unknown#10000
; A call of helper id 10000, far past the last helper.
    call 10000
    r0 = 0
    exit

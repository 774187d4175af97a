; reject: pointer_arithmetic at 1
; kernel-says: R2 tried to subtract pointer from scalar
; `100 - fp`: subtracting a pointer from a number.
    r2 = 100
    r2 -= r10
    r0 = 0
    exit

; reject: pointer_arithmetic at 1
; kernel-says: R2 pointer += pointer prohibited
; Adding two pointers.
    r2 = r10
    r2 += r1
    r0 = 0
    exit

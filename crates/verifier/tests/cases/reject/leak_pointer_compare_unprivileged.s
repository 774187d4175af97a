; reject: pointer_leak at 0
; unprivileged
; kernel-says: R1 pointer comparison prohibited
; An unprivileged program compares the context pointer with a number: the branch taken would
; reveal bits of the address.
    if r1 > 0x1000 goto +0
    r0 = 0
    exit

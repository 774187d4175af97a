; reject: pointer_arithmetic at 1
; unprivileged
; kernel-says: R1 has pointer with unsupported alu operation, pointer arithmetic with it prohibited for !root
; Adding a register to the context pointer, even one holding 0: unprivileged programs may add
; registers only to stack and map value pointers, the two kinds the kernel can mask.
    r2 = 0
    r1 += r2
    r0 = 0
    exit

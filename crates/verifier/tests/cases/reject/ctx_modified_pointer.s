; reject: ctx_access at 1
; kernel-says: dereference of modified ctx ptr R1 off=4 disallowed
; The context pointer is moved by 4 and then dereferenced: context accesses must use the
; original pointer with a constant offset in the instruction.
    r1 += 4
    r0 = *(u32 *)(r1 + 0)
    exit

; reject: invalid_mem_access at 4
; kernel-says: R2 invalid mem access 'scalar'
; A 32-bit register store over half of a spilled pointer destroys it: the 64-bit fill is a
; scalar.
    *(u64 *)(r10 - 8) = r1
    r3 = 7
    *(u32 *)(r10 - 4) = r3
    r2 = *(u64 *)(r10 - 8)
    r0 = *(u32 *)(r2 + 0)
    exit

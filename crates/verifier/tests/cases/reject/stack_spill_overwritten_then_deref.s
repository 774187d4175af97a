; reject: invalid_mem_access at 3
; kernel-says: R2 invalid mem access 'scalar'
; The ctx pointer is spilled to fp-8, one byte of the slot is overwritten, and the slot is
; filled back: what comes back is a number, not a pointer, and cannot be dereferenced.
    *(u64 *)(r10 - 8) = r1
    *(u8 *)(r10 - 8) = 0
    r2 = *(u64 *)(r10 - 8)
    r0 = *(u32 *)(r2 + 0)
    exit

; reject: stack_access at 1
; kernel-says: invalid size of register fill
; Only four bytes of a spilled pointer are loaded back. Even root may not do this: half an
; address is neither a pointer nor a harmless number, so the load itself is refused.
    *(u64 *)(r10 - 8) = r1
    r2 = *(u32 *)(r10 - 8)
    r0 = 0
    exit

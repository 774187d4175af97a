; accept
; Atomic operations on an initialised stack slot.
    r1 = 0
    *(u64 *)(r10 - 8) = r1
    r1 = 3
    lock *(u64 *)(r10 - 8) += r1
    lock *(u64 *)(r10 - 8) |= r1
    r0 = *(u64 *)(r10 - 8)
    exit

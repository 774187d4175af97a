; accept
; unprivileged
; fact: nospec at 2
; The branch is always taken, but a CPU may speculate into the read of unwritten stack. Since
; Linux 6.17 the verifier no longer rejects what only a speculative path does wrong: it puts a
; speculation barrier before that instruction and stops exploring the path.
    r1 = 0
    if r1 == 0 goto +1
    r0 = *(u64 *)(r10 - 8)
    r0 = 0
    exit

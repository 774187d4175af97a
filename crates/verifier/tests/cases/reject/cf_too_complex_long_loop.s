; reject: too_complex
; kernel-says: BPF program is too large. Processed 1000001 insn
; A loop that terminates, but only after 2^24 iterations: more than the 1,000,000 processed
; instructions the verifier allows.
    r1 = 0
loop:
    r1 += 1
    if r1 < 0x1000000 goto loop
    r0 = 0
    exit

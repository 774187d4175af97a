; reject: stack_access at 9
; kernel-says: invalid write to stack R3 off=-16 size=32
; The length is bounded (at most 32), but 32 bytes from fp-16 go above the frame.
    r6 = r1
    call bpf_get_prandom_u32#7
    r4 = r0
    r4 &= 31
    r4 += 1
    r1 = r6
    r2 = 0
    r3 = r10
    r3 += -16
    call bpf_skb_load_bytes#26
    r0 = 0
    exit

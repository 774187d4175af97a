; reject: stack_access at 5
; kernel-says: invalid write to stack R3 off=-8 size=16
; bpf_skb_load_bytes is told to copy 16 bytes to fp-8: half of them would land above the frame.
    r2 = 0
    r3 = r10
    r3 += -8
    r4 = 16
    r0 = 0
    call bpf_skb_load_bytes#26
    r0 = 0
    exit

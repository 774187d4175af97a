; reject: invalid_insn at 1
; prog_type: xdp
; kernel-says: BPF_LD_[ABS|IND] instructions not allowed for this program type
; The legacy packet loads exist only for socket-buffer programs; XDP may not use them.
    r6 = r1
    r0 = *(u8 *)skb[0]
    exit

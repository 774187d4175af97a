; reject: helper_arg at 5
; kernel-says: dereference of modified ctx ptr R1 off=8 disallowed
; The context argument has been moved by 8 bytes before the call.
    r1 += 8
    r2 = 0
    r3 = r10
    r3 += -8
    r4 = 8
    call bpf_skb_load_bytes#26
    r0 = 0
    exit

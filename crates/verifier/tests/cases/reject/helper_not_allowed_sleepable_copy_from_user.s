; reject: helper_not_allowed at 4
; prog_type: kprobe
; kernel-says: helper call might sleep in a non-sleepable prog
; bpf_copy_from_user may sleep: only sleepable programs may call it, and kprobes never are.
    r1 = r10
    r1 += -8
    r2 = 8
    r3 = 0
    call bpf_copy_from_user#148
    r0 = 0
    exit

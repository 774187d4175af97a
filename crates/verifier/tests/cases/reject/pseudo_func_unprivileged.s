; reject: privileged_only at 1
; unprivileged
; kernel-says: loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN
; bpf_loop needs a callback, and an unprivileged program may not even name a function.
    r1 = 4
    r2 = subprog[pc+6] ll
    r3 = 0
    r4 = 0
    call 181
    r0 = 0
    exit
    r0 = 0
    exit

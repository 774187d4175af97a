; reject: privileged_only at 1
; unprivileged
; kernel-says: loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN
; An unprivileged program calls a subprogram (here one with a loop): only CAP_BPF may.
    r1 = 3
    call pc+2
    r0 = 0
    exit
    r1 += -1
    if r1 == 0 goto +1
    goto -3
    r0 = 0
    exit

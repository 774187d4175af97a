; accept
; prog_type: xdp
; A privileged XDP program may call bpf_probe_read_kernel: since Linux 6.x the base helpers
; every program type gets include the probe-read helpers for CAP_PERFMON.
    r1 = r10
    r1 += -8
    r2 = 8
    r3 = 0
    call bpf_probe_read_kernel#113
    r0 = 2
    exit

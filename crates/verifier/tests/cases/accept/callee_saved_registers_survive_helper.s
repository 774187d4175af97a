; accept
; r6 to r9 survive a helper call.
    r6 = r1
    r7 = 1
    r8 = 2
    r9 = 3
    call bpf_ktime_get_ns#5
    r0 = *(u32 *)(r6 + 0)
    r0 += r7
    r0 += r8
    r0 += r9
    exit

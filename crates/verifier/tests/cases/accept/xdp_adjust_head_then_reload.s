; accept
; prog_type: xdp
; After bpf_xdp_adjust_head, the program reloads `data` and `data_end` from the context and
; checks again before reading.
    r6 = r1
    r2 = -4
    call bpf_xdp_adjust_head#44
    if r0 != 0 goto out
    r2 = *(u32 *)(r6 + 0)
    r3 = *(u32 *)(r6 + 4)
    r4 = r2
    r4 += 4
    if r4 > r3 goto out
    *(u32 *)(r2 + 0) = 0
out:
    r0 = 2
    exit

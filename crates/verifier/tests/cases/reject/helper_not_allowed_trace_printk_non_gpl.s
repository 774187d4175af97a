; reject: helper_not_allowed at 5
; license: MIT
; kernel-says: cannot call GPL-restricted function from non-GPL compatible program
; bpf_trace_printk is GPL-only; this program's license is MIT.
    *(u32 *)(r10 - 4) = 0x0a7869
    r1 = r10
    r1 += -4
    r2 = 4
    r0 = 0
    call bpf_trace_printk#6
    r0 = 0
    exit

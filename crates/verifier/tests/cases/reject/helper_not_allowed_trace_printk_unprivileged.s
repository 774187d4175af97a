; reject: helper_not_allowed at 5
; unprivileged
; kernel-says: program of this type cannot use helper bpf_trace_printk#6
; Unprivileged programs get only the base helpers: no bpf_trace_printk.
    *(u32 *)(r10 - 4) = 0x0a7869
    r1 = r10
    r1 += -4
    r2 = 4
    r0 = 0
    call bpf_trace_printk#6
    r0 = 0
    exit

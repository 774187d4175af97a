; reject: too_complex
; prog_type: cgroup_skb
; kernel-says: BPF program is too large. Processed 1000001 insn
; Twenty-four independent branches on unknown values, each leaving a different constant in r6:
; the return value (checked for cgroup_skb) depends on r6, so no two paths reaching a join
; point with different r6 are equivalent, and 2^24 paths must be explored.
    call bpf_get_prandom_u32#7
    r7 = r0
    r6 = 0
    if r7 & 0x1 goto +1
    r6 += 0x1
    if r7 & 0x2 goto +1
    r6 += 0x2
    if r7 & 0x4 goto +1
    r6 += 0x4
    if r7 & 0x8 goto +1
    r6 += 0x8
    if r7 & 0x10 goto +1
    r6 += 0x10
    if r7 & 0x20 goto +1
    r6 += 0x20
    if r7 & 0x40 goto +1
    r6 += 0x40
    if r7 & 0x80 goto +1
    r6 += 0x80
    if r7 & 0x100 goto +1
    r6 += 0x100
    if r7 & 0x200 goto +1
    r6 += 0x200
    if r7 & 0x400 goto +1
    r6 += 0x400
    if r7 & 0x800 goto +1
    r6 += 0x800
    if r7 & 0x1000 goto +1
    r6 += 0x1000
    if r7 & 0x2000 goto +1
    r6 += 0x2000
    if r7 & 0x4000 goto +1
    r6 += 0x4000
    if r7 & 0x8000 goto +1
    r6 += 0x8000
    if r7 & 0x10000 goto +1
    r6 += 0x10000
    if r7 & 0x20000 goto +1
    r6 += 0x20000
    if r7 & 0x40000 goto +1
    r6 += 0x40000
    if r7 & 0x80000 goto +1
    r6 += 0x80000
    if r7 & 0x100000 goto +1
    r6 += 0x100000
    if r7 & 0x200000 goto +1
    r6 += 0x200000
    if r7 & 0x400000 goto +1
    r6 += 0x400000
    if r7 & 0x800000 goto +1
    r6 += 0x800000
    r0 = r6
    r0 &= 1
    exit

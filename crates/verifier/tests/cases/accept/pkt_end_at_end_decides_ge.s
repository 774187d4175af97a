; accept
; prog_type: xdp
; `data_end > p` failing proves `p >= data_end` (the kernel's AT_PKT_END), which decides a
; later `p >= data_end` and `p < data_end` on that pointer but says nothing about `p > data_end`.
    r3 = *(u32 *)(r1 + 4)
    r2 = *(u32 *)(r1 + 0)
    r7 = 0
    r4 = r2
    r4 += 8
    if r3 > r4 goto ok
    if r4 >= r3 goto out
    r0 = *(u64 *)(r7 + 0)
ok:
    r7 = r2
    if r4 < r3 goto read
    r0 = 2
    exit
read:
    r0 = *(u64 *)(r7 + 0)
out:
    r0 = 2
    exit

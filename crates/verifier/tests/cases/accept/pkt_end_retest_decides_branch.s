; accept
; prog_type: xdp
; clang's form of "p = in_bounds ? ptr : NULL; if (!p || other) fail; use p": the NULL
; test becomes a second comparison of the same pointer against data_end. The first
; comparison proved `r4 > data_end` on the side where r7 stays NULL (the kernel's
; BEYOND_PKT_END), so the second is decided there and r7 is dereferenced only when valid.
; (From parse_frame in crates/bench/programs/jit_suite/parse_packets.c, clang-19 -O2.)
    r3 = *(u32 *)(r1 + 4)
    r2 = *(u32 *)(r1 + 0)
    r6 = *(u32 *)(r1 + 12)
    r7 = 0
    r4 = r2
    r4 += 20
    if r4 > r3 goto null
    r7 = r2
null:
    r0 = 1
    if w6 < 20 goto out
    if r4 > r3 goto out
    r0 = *(u16 *)(r7 + 6)
    r0 &= 3
out:
    exit

; calls: bpf-to-bpf calls two levels deep in a loop (call and return heavy).
;
; Input (r1): 8 bytes; the u32 at offset 0 is N (the benchmark uses 50 000).
; For i in 0 .. N: acc = mix(acc, i), where
;     mix(x, i)  = rotl17(x * 0x2545f491 + i) ^ i
;     rotl17(x)  = x rotated left by 17 bits
; Returns acc. mix keeps i in r6 across its own call, so the callee-saved
; registers r6 to r9 are saved and restored on every call.
; Exercises: call/exit of local functions, argument passing in r1 and r2.

    r6 = *(u32 *)(r1 + 0)    ; r6 = N
    r7 = 0                   ; r7 = i
    r8 = 0                   ; r8 = acc
    if r7 >= r6 goto done
loop:
    r1 = r8
    r2 = r7
    call mix
    r8 = r0
    r7 += 1
    if r7 < r6 goto loop
done:
    r0 = r8
    exit

mix:                         ; r1 = x, r2 = i; returns the mixed value in r0
    r6 = r2
    r0 = r1
    r0 *= 0x2545f491
    r0 += r6
    r1 = r0
    call rotl17
    r0 ^= r6
    exit

rotl17:                      ; r1 = x; returns x rotated left by 17 in r0
    r0 = r1
    r0 <<= 17
    r1 >>= 47
    r0 |= r1
    exit

; sum_loop: a tight arithmetic loop, no memory traffic inside it.
;
; Input (r1): 8 bytes; the u32 at offset 0 is N (the benchmark uses 200 000).
; Computes, for i = 1 ..= N:
;     t = (i * i) ^ acc
;     acc = acc + t
;     acc = acc ^ (acc >> 7)
; and returns acc (all arithmetic 64-bit, wrapping).
; Exercises: 64-bit mul, xor, add, shift, mov, a conditional back edge.
; r2 (the length) is not read: rbpf's interpreter leaves r2 zero, so every
; program takes its sizes from the input or from constants.

    r2 = *(u32 *)(r1 + 0)    ; r2 = N
    r0 = 0                   ; r0 = acc
    r3 = 1                   ; r3 = i
    if r3 > r2 goto done
loop:
    r4 = r3
    r4 *= r3                 ; i * i
    r4 ^= r0
    r0 += r4
    r5 = r0
    r5 >>= 7
    r0 ^= r5
    r3 += 1
    if r3 <= r2 goto loop
done:
    exit

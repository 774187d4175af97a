; popcount: bit counting by shifting, over 512 words of 64 bits.
;
; Input (r1): 4096 bytes of pseudo-random data read as 512 little-endian u64.
; For each word w, counts its set bits one shift at a time:
;     c = 0; while w != 0 { c += w & 1; w >>= 1 }
; and folds the counts into acc = acc * 31 + c, which it returns.
; Exercises: 64-bit loads, and, shift right, a data-dependent inner loop.

    r0 = 0                   ; r0 = acc
    r3 = r1                  ; r3 = cursor
    r4 = r1
    r4 += 4096               ; r4 = end
word:
    r5 = *(u64 *)(r3 + 0)    ; r5 = w
    r7 = 0                   ; r7 = c
    if r5 == 0 goto word_done
bit:
    r6 = r5
    r6 &= 1
    r7 += r6
    r5 >>= 1
    if r5 != 0 goto bit
word_done:
    r0 *= 31
    r0 += r7
    r3 += 8
    if r3 < r4 goto word
    exit

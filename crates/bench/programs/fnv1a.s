; fnv1a: the 64-bit FNV-1a hash of a 4 KiB buffer, one byte load per step.
;
; Input (r1): 4096 bytes of pseudo-random data (the length is fixed at 4096).
; Computes:
;     h = 0xcbf29ce484222325
;     for each byte b: h = (h ^ b) * 0x100000001b3
; and returns h.
; Exercises: byte loads through a moving pointer, 64-bit mul, lddw.

    r0 = 0xcbf29ce484222325 ll   ; FNV offset basis
    r6 = 0x100000001b3 ll        ; FNV prime
    r3 = r1                      ; r3 = cursor
    r4 = r1
    r4 += 4096                   ; r4 = end
loop:
    r5 = *(u8 *)(r3 + 0)
    r0 ^= r5
    r0 *= r6
    r3 += 1
    if r3 < r4 goto loop
    exit

; primes: sum of the primes below N by trial division (modulo heavy).
;
; Input (r1): 8 bytes; the u32 at offset 0 is N (the benchmark uses 20 000).
; For each n in 2 .. N: 2 and 3 are prime, even numbers are not, otherwise n is
; prime when no odd d with d * d <= n divides it (n % d != 0).
; Returns the sum of the primes found.
; Exercises: 64-bit modulo by a register, mul, many short branches.

    r2 = *(u32 *)(r1 + 0)    ; r2 = N (exclusive bound)
    r0 = 0                   ; r0 = sum of primes
    r6 = 2                   ; r6 = candidate n
    if r6 >= r2 goto done
next:
    if r6 < 4 goto prime     ; 2 and 3
    r7 = r6
    r7 &= 1
    if r7 == 0 goto composite
    r8 = 3                   ; r8 = divisor d
trial:
    r9 = r8
    r9 *= r8
    if r9 > r6 goto prime    ; d * d > n: no divisor left
    r7 = r6
    r7 %= r8
    if r7 == 0 goto composite
    r8 += 2
    goto trial
prime:
    r0 += r6
composite:
    r6 += 1
    if r6 < r2 goto next
done:
    exit

; binary_search: 4096 lower-bound searches in a sorted array of 1024 u32.
;
; Input (r1): 4096 bytes holding a[i] = 3 * i + 1 for i in 0 .. 1024 (little-endian u32).
; Keys come from a 32-bit linear congruential generator:
;     s = s * 1103515245 + 12345 (mod 2^32), starting from s = 12345
;     key = (s >> 16) % 3100
; For each key, finds lo = the first index with a[lo] >= key, adds lo to acc, and adds 65536
; more when a[lo] == key. Returns acc.
; Exercises: 32-bit ALU, computed addresses, u32 loads, unpredictable branches.

    r0 = 0                   ; r0 = acc
    r3 = 4096                ; r3 = searches left
    w4 = 12345               ; r4 = generator state s
lookup:
    w4 *= 1103515245
    w4 += 12345
    r5 = r4
    r5 >>= 16
    r5 %= 3100               ; r5 = key
    r6 = 0                   ; r6 = lo
    r7 = 1024                ; r7 = hi
search:
    if r6 >= r7 goto check
    r8 = r6
    r8 += r7
    r8 >>= 1                 ; r8 = mid
    r9 = r8
    r9 <<= 2
    r9 += r1
    r9 = *(u32 *)(r9 + 0)    ; r9 = a[mid]
    if r9 >= r5 goto go_left
    r6 = r8
    r6 += 1                  ; lo = mid + 1
    goto search
go_left:
    r7 = r8                  ; hi = mid
    goto search
check:
    r0 += r6
    if r6 >= 1024 goto next
    r9 = r6
    r9 <<= 2
    r9 += r1
    r9 = *(u32 *)(r9 + 0)
    if r9 != r5 goto next
    r0 += 65536              ; the key is present
next:
    r3 -= 1
    if r3 != 0 goto lookup
    exit

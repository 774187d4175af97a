; insertion_sort: copies 256 u16 to the stack, sorts them there, and checksums them.
;
; Input (r1): 512 bytes of pseudo-random data read as 256 little-endian u16.
; 1. Copies the input into the 512-byte stack frame at r10 - 512.
; 2. Insertion sort, ascending, in place on the stack.
; 3. Returns the sum of a[i] * (i + 1) over the sorted array.
; Exercises: halfword loads and stores, stack accesses, negative offsets.

    r2 = r10
    r2 += -512               ; r2 = array base on the stack
    r3 = 0                   ; r3 = byte offset
copy:
    r4 = r1
    r4 += r3
    r5 = *(u16 *)(r4 + 0)
    r4 = r2
    r4 += r3
    *(u16 *)(r4 + 0) = r5
    r3 += 2
    if r3 < 512 goto copy

    r3 = 2                   ; r3 = byte offset of element i, from i = 1
outer:
    r4 = r2
    r4 += r3
    r5 = *(u16 *)(r4 + 0)    ; r5 = key = a[i]
    r6 = r3                  ; r6 = byte offset of the hole j
inner:
    if r6 == 0 goto place
    r4 = r2
    r4 += r6
    r7 = *(u16 *)(r4 - 2)    ; r7 = a[j - 1]
    if r7 <= r5 goto place
    *(u16 *)(r4 + 0) = r7    ; a[j] = a[j - 1]
    r6 -= 2
    goto inner
place:
    r4 = r2
    r4 += r6
    *(u16 *)(r4 + 0) = r5    ; a[j] = key
    r3 += 2
    if r3 < 512 goto outer

    r0 = 0                   ; r0 = checksum
    r3 = 0
    r6 = 1                   ; r6 = i + 1
sum:
    r4 = r2
    r4 += r3
    r5 = *(u16 *)(r4 + 0)
    r5 *= r6
    r0 += r5
    r6 += 1
    r3 += 2
    if r3 < 512 goto sum
    exit

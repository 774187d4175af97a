; reject: pointer_arithmetic at 6
; map: ringbuf key=0 value=0 entries=4096
; kernel-says: R1 pointer arithmetic on ringbuf_mem_or_null prohibited, null-check it first
; CVE-2022-23222: arithmetic on a possibly-NULL ring buffer record pointer. After `r0 == 0`
; the copy would hold 8, a forged pointer.
    r1 = map[idx:0]
    r2 = 16
    r3 = 0
    call bpf_ringbuf_reserve#131
    r1 = r0
    r1 += 8
    if r0 == 0 goto out
    r1 = r0
    r2 = 0
    call bpf_ringbuf_discard#133
out:
    r0 = 0
    exit

; reject: pointer_leak at 7
; map: array key=4 value=8 entries=1
; unprivileged
; kernel-says: R10 leaks addr into map
; An unprivileged program stores the frame pointer into a map value, where user space can
; read it.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    *(u64 *)(r0 + 0) = r10
out:
    r0 = 0
    exit

; reject: read_only at 8
; map: array key=4 value=8 entries=1 flags=0x80
; kernel-says: write into map forbidden, value_size=8 off=0 size=8
; An atomic add into the value of a BPF_F_RDONLY_PROG map.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = 1
    lock *(u64 *)(r0 + 0) += r1
out:
    r0 = 0
    exit

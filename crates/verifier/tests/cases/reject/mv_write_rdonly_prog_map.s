; reject: read_only at 7
; map: array key=4 value=8 entries=1 flags=0x80
; kernel-says: write into map forbidden, value_size=8 off=0 size=8
; A store into the value of a map created with BPF_F_RDONLY_PROG.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    *(u64 *)(r0 + 0) = 1
out:
    r0 = 0
    exit

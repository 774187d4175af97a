; reject: read_only at 12
; map: array key=4 value=16 entries=1 flags=0x80
; kernel-says: write into map forbidden, value_size=16 off=0 size=8
; bpf_skb_load_bytes is told to copy packet bytes into a BPF_F_RDONLY_PROG map's value.
    r6 = r1
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = r6
    r2 = 0
    r3 = r0
    r4 = 8
    call bpf_skb_load_bytes#26
out:
    r0 = 0
    exit

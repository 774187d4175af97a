; reject: helper_arg at 9
; map: array key=4 value=8 entries=1
; kernel-says: R1 type=map_value expected=ringbuf_mem
; bpf_ringbuf_submit is given a map value instead of a reserved record.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r1 = r0
    r2 = 0
    call bpf_ringbuf_submit#132
out:
    r0 = 0
    exit

; reject: spin_lock at 9
; map: array key=4 value=8 entries=1
; kernel-says: has to have BTF in order to use bpf_spin_lock
; bpf_spin_lock on a map value whose map has no BTF, so no `struct bpf_spin_lock` field.
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call bpf_map_lookup_elem#1
    if r0 == 0 goto out
    r6 = r0
    r1 = r0
    call bpf_spin_lock#93
    r1 = r6
    call bpf_spin_unlock#94
out:
    r0 = 0
    exit

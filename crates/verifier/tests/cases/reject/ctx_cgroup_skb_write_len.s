; reject: ctx_access at 1
; prog_type: cgroup_skb
; kernel-says: invalid bpf_context access off=0 size=4
; A cgroup skb program may write `mark` and `priority` but not `len`.
    r2 = 0
    *(u32 *)(r1 + 0) = r2
    r0 = 1
    exit

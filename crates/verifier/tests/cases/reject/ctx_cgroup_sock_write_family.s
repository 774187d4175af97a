; reject: ctx_access at 1
; prog_type: cgroup_sock
; kernel-says: invalid bpf_context access off=4 size=4
; A cgroup sock program may write `bound_dev_if`, `mark` and `priority` of `struct bpf_sock`,
; not `family`.
    r2 = 2
    *(u32 *)(r1 + 4) = r2
    r0 = 1
    exit

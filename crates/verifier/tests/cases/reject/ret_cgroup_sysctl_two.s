; reject: return_value at 1
; prog_type: cgroup_sysctl
; kernel-says: should have been in [0, 1]
; A sysctl hook returns 0 (refuse) or 1 (allow).
    r0 = 2
    exit

; reject: return_value at 1
; prog_type: cgroup_sock
; kernel-says: should have been in [0, 1]
; A cgroup sock program must return 0 or 1.
    r0 = 2
    exit

; reject: return_value at 1
; prog_type: cgroup_sockopt
; attach_type: cgroup_getsockopt
; kernel-says: should have been in [0, 1]
; A getsockopt hook returns 0 or 1.
    r0 = 2
    exit

; reject: return_value at 1
; prog_type: cgroup_device
; kernel-says: should have been in [0, 1]
; A device hook returns 0 (refuse) or 1 (allow), not -1.
    r0 = -1
    exit

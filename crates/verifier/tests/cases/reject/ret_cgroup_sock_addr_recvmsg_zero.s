; reject: return_value at 1
; prog_type: cgroup_sock_addr
; attach_type: cgroup_udp4_recvmsg
; kernel-says: should have been in [1, 1]
; A recvmsg hook may not refuse: it must return exactly 1.
    r0 = 0
    exit

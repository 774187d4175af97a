; accept
; prog_type: cgroup_sock_addr
; attach_type: cgroup_udp4_recvmsg
; A recvmsg hook returns 1, the only value it may.
    r0 = 1
    exit

; accept
; prog_type: cgroup_skb
; attach_type: cgroup_inet_egress
; An egress program may return 2 and 3 (pass or drop, with congestion notification).
    r0 = 3
    exit

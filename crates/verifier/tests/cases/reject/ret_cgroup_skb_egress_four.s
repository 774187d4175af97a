; reject: return_value at 1
; prog_type: cgroup_skb
; attach_type: cgroup_inet_egress
; kernel-says: should have been in [0, 3]
; A cgroup skb egress program may return 0 to 3 (bit 1 asks for congestion notification), not 4.
    r0 = 4
    exit

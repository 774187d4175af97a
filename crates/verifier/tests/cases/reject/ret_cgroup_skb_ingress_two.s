; reject: return_value at 1
; prog_type: cgroup_skb
; kernel-says: At program exit the register R0 has smin=2 smax=2 should have been in [0, 1]
; A cgroup skb ingress program must return 0 (drop) or 1 (pass).
    r0 = 2
    exit

; reject: return_value at 1
; prog_type: cgroup_skb
; kernel-says: At program exit the register R0 is not a known value (ctx)
; A cgroup skb program returns its context pointer.
    r0 = r1
    exit

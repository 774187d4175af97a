; reject: return_value at 1
; prog_type: cgroup_skb
; kernel-says: At program exit the register R0 has unknown scalar value should have been in [0, 1]
; A cgroup skb program returns a random number.
    call bpf_get_prandom_u32#7
    exit

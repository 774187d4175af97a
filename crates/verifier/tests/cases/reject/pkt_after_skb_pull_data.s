; reject: invalid_mem_access at 10
; prog_type: sched_cls
; kernel-says: R7 invalid mem access 'scalar'
; bpf_skb_pull_data may reallocate the packet: packet pointers from before the call are dead.
    r6 = r1
    r2 = *(u32 *)(r6 + 76)
    r3 = *(u32 *)(r6 + 80)
    r4 = r2
    r4 += 14
    if r4 > r3 goto out
    r7 = r2
    r1 = r6
    r2 = 14
    call bpf_skb_pull_data#39
    r0 = *(u8 *)(r7 + 0)
    exit
out:
    r0 = 0
    exit

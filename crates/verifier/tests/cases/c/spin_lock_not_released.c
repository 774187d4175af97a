// reject: spin_lock at 15
// kernel-says: BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region
// The lock is taken and the program returns without releasing it.
#include "cases.h"

LOCKED_ARRAY(counts);

SEC("tc")
int lock_no_unlock(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct locked *v = bpf_map_lookup_elem(&counts, &key);

	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	v->count++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

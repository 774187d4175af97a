// reject: spin_lock at 12
// kernel-says: bpf_spin_unlock without taking a lock
// bpf_spin_unlock on a lock that is not held.
#include "cases.h"

LOCKED_ARRAY(counts);

SEC("tc")
int unlock_only(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct locked *v = bpf_map_lookup_elem(&counts, &key);

	if (!v)
		return 0;
	v->count++;
	bpf_spin_unlock(&v->lock);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// reject: spin_lock at 0
// kernel-says: Locking two bpf_spin_locks are not allowed
// Two locks (of two map values) held at once.
#include "cases.h"

LOCKED_ARRAY(first);
LOCKED_ARRAY(second);

SEC("tc")
int double_lock(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct locked *a = bpf_map_lookup_elem(&first, &key);
	struct locked *b = bpf_map_lookup_elem(&second, &key);

	if (!a || !b)
		return 0;
	bpf_spin_lock(&a->lock);
	bpf_spin_lock(&b->lock);
	a->count += b->count;
	bpf_spin_unlock(&b->lock);
	bpf_spin_unlock(&a->lock);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// reject: spin_lock at 19
// kernel-says: function calls are not allowed while holding a lock
// Two locks (of two map values) held at once. (Linux words it as a call while holding a
// lock: the second bpf_spin_lock is such a call.)
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

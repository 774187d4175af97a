// reject: spin_lock at 11
// kernel-says: function calls are not allowed while holding a lock
// A helper (bpf_ktime_get_ns) is called while the spin lock is held.
#include "cases.h"

LOCKED_ARRAY(counts);

SEC("tc")
int call_while_locked(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct locked *v = bpf_map_lookup_elem(&counts, &key);

	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	v->count = bpf_ktime_get_ns();
	bpf_spin_unlock(&v->lock);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// reject: spin_lock at 16
// kernel-says: function calls are not allowed while holding a lock
// A tail call while the lock is held: the called program could never release it. (Linux
// refuses it as a call while holding a lock.)
#include "cases.h"

LOCKED_ARRAY(counts);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} jump SEC(".maps");

SEC("tc")
int tail_call_locked(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct locked *v = bpf_map_lookup_elem(&counts, &key);

	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	bpf_tail_call(skb, &jump, 0);
	bpf_spin_unlock(&v->lock);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

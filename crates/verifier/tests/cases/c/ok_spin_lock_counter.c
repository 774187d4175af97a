// accept
// A counter updated under the value's spin lock, released on every path.
#include "cases.h"

LOCKED_ARRAY(counts);

SEC("tc")
int locked_counter(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct locked *v = bpf_map_lookup_elem(&counts, &key);

	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	if (skb->len > 100)
		v->count += 2;
	else
		v->count++;
	bpf_spin_unlock(&v->lock);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

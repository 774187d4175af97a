// reject: spin_lock at 8
// kernel-says: bpf_spin_lock cannot be accessed directly by load/store
// The program reads the lock word itself instead of using the lock helpers.
#include "cases.h"

LOCKED_ARRAY(counts);

SEC("tc")
int peek_lock(struct __sk_buff *skb)
{
	__u32 key = 0;
	struct locked *v = bpf_map_lookup_elem(&counts, &key);

	if (!v)
		return 0;
	return *(volatile __u32 *)&v->lock;
}

char LICENSE[] SEC("license") = "GPL";

// reject: map_value_access at 13
// kernel-says: invalid access to map value, value_size=128 off=128 size=8
// A histogram indexed by a packet-length bucket with the check `> 16` instead of `>= 16`.
#include "cases.h"

struct hist {
	__u64 buckets[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} hist SEC(".maps");

SEC("tc")
int histogram(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u32 bucket = skb->len >> 7;
	struct hist *h = bpf_map_lookup_elem(&hist, &key);

	if (!h || bucket > 16)
		return 0;
	h->buckets[bucket]++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// A typical mistake: a counter incremented without checking the lookup result for NULL.
// `sluice verify` (and the Linux verifier) reject it. Rebuild: ./build.sh
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tc")
int count_unchecked(struct __sk_buff *skb)
{
	__u32 key = skb->protocol;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	*v += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// accept
// bpf_for_each_map_elem sums the values of an array within their bounds.
#include "cases.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} table SEC(".maps");

static long visit(void *map, __u32 *key, __u64 *value, void *ctx)
{
	*(__u64 *)ctx += *value + *key;
	return 0;
}

SEC("xdp")
int sum_values(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_for_each_map_elem(&table, visit, &sum, 0);
	return sum ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

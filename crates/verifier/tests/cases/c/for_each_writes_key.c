// reject: read_only at 16
// kernel-says: write to change key R2 not allowed
// A bpf_for_each_map_elem callback writes to the key it is given: keys are read-only.
#include "cases.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} table SEC(".maps");

static long visit(void *map, __u32 *key, __u64 *value, void *ctx)
{
	*key = 0;
	*(__u64 *)ctx += *value;
	return 0;
}

SEC("xdp")
int write_key(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_for_each_map_elem(&table, visit, &sum, 0);
	return sum ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

// reject: map_value_access at 15
// kernel-says: invalid access to map value, value_size=8 off=8 size=8
// A bpf_for_each_map_elem callback reads the element after its 8-byte value.
#include "cases.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} table SEC(".maps");

static long visit(void *map, __u32 *key, __u64 *value, void *ctx)
{
	*(__u64 *)ctx += value[1];
	return 0;
}

SEC("xdp")
int value_past_end(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_for_each_map_elem(&table, visit, &sum, 0);
	return sum ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

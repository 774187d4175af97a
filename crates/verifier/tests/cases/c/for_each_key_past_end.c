// reject: map_key_access at 15
// kernel-says: invalid access to map key, key_size=4 off=4 size=4
// A bpf_for_each_map_elem callback reads 4 bytes past the 4-byte key it is given.
#include "cases.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} table SEC(".maps");

static long visit(void *map, __u32 *key, __u64 *value, void *ctx)
{
	*(__u64 *)ctx += key[1];
	return 0;
}

SEC("xdp")
int key_past_end(struct xdp_md *ctx)
{
	__u64 sum = 0;

	bpf_for_each_map_elem(&table, visit, &sum, 0);
	return sum ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

/* BPF_MAP_TYPE_ARRAY: per-IP-protocol packet counters, slot 255 for non-IPv4. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} proto_count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} total_bytes SEC(".maps");

SEC("xdp")
int count_by_proto(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 key = 255, zero = 0;
	__u64 *v;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		if ((void *)(ip + 1) > data_end)
			return XDP_DROP;
		key = ip->protocol;
	}
	v = bpf_map_lookup_elem(&proto_count, &key);
	if (v)
		*v += 1;
	v = bpf_map_lookup_elem(&total_bytes, &zero);
	if (v)
		*v += data_end - data;
	return XDP_PASS;
}

/* BPF_MAP_TYPE_HASH: a per-source-address counter (packets, bytes) for IPv4. */
#include "common.h"

struct counter {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct counter);
} per_source SEC(".maps");

SEC("xdp")
int count_by_source(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct counter *c, init = {};
	__u32 src;

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	src = ip->saddr;
	c = bpf_map_lookup_elem(&per_source, &src);
	if (!c) {
		bpf_map_update_elem(&per_source, &src, &init, BPF_NOEXIST);
		c = bpf_map_lookup_elem(&per_source, &src);
		if (!c)
			return XDP_ABORTED;
	}
	__sync_fetch_and_add(&c->packets, 1);
	__sync_fetch_and_add(&c->bytes, data_end - data);
	return XDP_PASS;
}

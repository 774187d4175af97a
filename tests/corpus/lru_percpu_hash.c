/* BPF_MAP_TYPE_LRU_PERCPU_HASH with 4 entries and 6 distinct flows. */
#include "common.h"

struct flow {
	__u32 saddr;
	__u32 daddr;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 4);
	__type(key, struct flow);
	__type(value, __u64);
} flows SEC(".maps");

SEC("xdp")
int lru_percpu_track(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct flow f = {};
	__u64 *v, len = data_end - data;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	f.saddr = ip->saddr;
	f.daddr = ip->daddr;
	v = bpf_map_lookup_elem(&flows, &f);
	if (v)
		*v += len;
	else
		bpf_map_update_elem(&flows, &f, &len, BPF_NOEXIST);
	return XDP_PASS;
}

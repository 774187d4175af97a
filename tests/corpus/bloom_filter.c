/* BPF_MAP_TYPE_BLOOM_FILTER (BPF_F_ZERO_SEED, 3 hash functions): a packet with
 * TTL 64 adds its source address; every packet then asks whether its
 * destination address was added (0 = maybe, -ENOENT = definitely not). */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_ZERO_SEED);
	__uint(map_extra, 3);
	__type(value, __u32);
} seen_src SEC(".maps");

RESULTS_MAP(answers, 16);

static __u32 packets;

SEC("xdp")
int bloom_check(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u32 addr, n = packets++;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->ttl == 64) {
		addr = ip->saddr;
		record(&answers, 15, bpf_map_push_elem(&seen_src, &addr, BPF_ANY));
	}
	addr = ip->daddr;
	record(&answers, n & 7, bpf_map_peek_elem(&seen_src, &addr));
	return XDP_PASS;
}

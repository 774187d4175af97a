/* BPF_MAP_TYPE_LRU_HASH with 4 entries fed more distinct sources than it
 * holds: the least recently used ones are evicted. A packet whose first
 * payload byte is 'L' only looks its source up (refreshing it). */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} recent SEC(".maps");

RESULTS_MAP(stats, 4); /* 0: inserts, 1: hits, 2: lookup-only misses */

static __always_inline void bump(__u32 i)
{
	__s64 *v = bpf_map_lookup_elem(&stats, &i);
	if (v)
		*v += 1;
}

SEC("xdp")
int lru_track(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u8 *payload = (void *)(ip + 1);
	__u32 src;
	__u64 *v, one = 1;

	if ((void *)(payload + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	src = ip->saddr;
	v = bpf_map_lookup_elem(&recent, &src);
	if (v) {
		*v += 1;
		bump(1);
	} else if (*payload == 'L') {
		bump(2);
	} else {
		bpf_map_update_elem(&recent, &src, &one, BPF_ANY);
		bump(0);
	}
	return XDP_PASS;
}

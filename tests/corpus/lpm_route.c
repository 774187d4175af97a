/* BPF_MAP_TYPE_LPM_TRIE: longest-prefix route lookup of the IPv4 destination.
 * Routes are installed from user space (manifest maps_before). The matched
 * route id goes to last_route[0] and hits[id] is incremented; id 0 = no route.
 * A packet with TTL 1 deletes the /24 route from inside the program first. */
#include "common.h"

struct lpm_key {
	__u32 prefixlen;
	__u32 addr; /* network byte order */
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm_key);
	__type(value, __u32);
} routes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

RESULTS_MAP(last_route, 2);

SEC("xdp")
int route_lookup(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct lpm_key key;
	__u32 id = 0, *route;
	__u64 *h;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->ttl == 1) {
		struct lpm_key del = { .prefixlen = 24, .addr = bpf_htonl(0x0a010200) };
		record(&last_route, 1, bpf_map_delete_elem(&routes, &del));
	}
	key.prefixlen = 32;
	key.addr = ip->daddr;
	route = bpf_map_lookup_elem(&routes, &key);
	if (route)
		id = *route & 7;
	record(&last_route, 0, id);
	h = bpf_map_lookup_elem(&hits, &id);
	if (h)
		*h += 1;
	return id ? XDP_PASS : XDP_DROP;
}

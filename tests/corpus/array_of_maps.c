/* BPF_MAP_TYPE_ARRAY_OF_MAPS, statically initialised with two inner arrays:
 * TCP packets are counted in inner_tcp, everything else in inner_other; slot
 * 2 of the outer map is empty (lookup gives NULL). */
#include "common.h"

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
};

struct inner inner_tcp SEC(".maps");
struct inner inner_other SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 3);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [0] = &inner_tcp, [1] = &inner_other },
};

RESULTS_MAP(misses, 1);

SEC("xdp")
int aom_lookup(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u32 slot = 1, k = 0, empty = 2;
	__u64 *v;
	void *m;

	if ((void *)(ip + 1) <= data_end && eth->h_proto == bpf_htons(ETH_P_IP) &&
	    ip->protocol == IPPROTO_TCP)
		slot = 0;
	m = bpf_map_lookup_elem(&outer, &slot);
	if (!m)
		return XDP_ABORTED;
	v = bpf_map_lookup_elem(m, &k);
	if (v)
		*v += 1;
	k = 1;
	v = bpf_map_lookup_elem(m, &k);
	if (v)
		*v += data_end - data;
	if (!bpf_map_lookup_elem(&outer, &empty))
		record(&misses, 0, 1);
	return XDP_PASS;
}

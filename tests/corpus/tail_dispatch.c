/* BPF_MAP_TYPE_PROG_ARRAY dispatcher: tail call by IPv4 protocol number into a
 * statically initialised program array. ICMP's slot (1) is empty, so that
 * tail call fails and the dispatcher falls through. */
#include "common.h"

RESULTS_MAP(seen, 4); /* 0: tcp handler, 1: udp handler, 2: fell through */

static __always_inline void bump(__u32 i)
{
	__s64 *v = bpf_map_lookup_elem(&seen, &i);
	if (v)
		*v += 1;
}

SEC("xdp")
int handle_tcp(struct xdp_md *ctx)
{
	bump(0);
	return XDP_DROP;
}

SEC("xdp")
int handle_udp(struct xdp_md *ctx)
{
	bump(1);
	return XDP_TX;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__array(values, int (void *));
} jump_table SEC(".maps") = {
	.values = {
		[IPPROTO_TCP] = (void *)&handle_tcp,
		[IPPROTO_UDP] = (void *)&handle_udp,
	},
};

SEC("xdp")
int dispatcher(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	bpf_tail_call(ctx, &jump_table, ip->protocol);
	bump(2);
	return XDP_PASS;
}

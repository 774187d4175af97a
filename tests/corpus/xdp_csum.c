/* IPv4 header checksum verification in XDP with bpf_csum_diff over the
 * 20-byte header (the folded sum of a valid header is 0xffff): valid packets
 * pass, corrupt ones are dropped and counted; headers with options are not
 * checked (counted in slot 3, passed). */
#include "common.h"

RESULTS_MAP(stats, 4); /* 0: good, 1: bad, 2: last folded sum, 3: unchecked */

static __always_inline __u16 fold(__u64 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

SEC("xdp")
int ip_csum_verify(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__s64 sum, *v;
	__u32 k;
	__u16 folded;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->ihl != 5) {
		k = 3;
		v = bpf_map_lookup_elem(&stats, &k);
		if (v)
			*v += 1;
		return XDP_PASS;
	}
	sum = bpf_csum_diff(0, 0, (void *)ip, sizeof(*ip), 0);
	folded = fold(sum);
	record(&stats, 2, folded);
	k = folded == 0xffff ? 0 : 1;
	v = bpf_map_lookup_elem(&stats, &k);
	if (v)
		*v += 1;
	return k ? XDP_DROP : XDP_PASS;
}

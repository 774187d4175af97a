/* Header rewriting + XDP_TX: answer an ICMP echo request in place by swapping
 * MAC and IPv4 addresses, setting type 0 and fixing the ICMP checksum
 * incrementally (RFC 1624). Anything else passes. data_out compared. */
#include "common.h"

RESULTS_MAP(replies, 1);

SEC("xdp")
int icmp_echo_reply(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct icmphdr_min *icmp = (void *)(ip + 1);
	__u8 mac[ETH_ALEN];
	__be32 addr;
	__u32 csum;
	__s64 *n;
	__u32 zero = 0;

	if ((void *)(icmp + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != IPPROTO_ICMP || icmp->type != 8)
		return XDP_PASS;
	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	addr = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = addr;
	/* type 8 -> 0: the 16-bit word (type, code) drops by 0x0800 */
	icmp->type = 0;
	csum = (__u16)~bpf_ntohs(icmp->checksum);
	csum += (__u16)~0x0800 + 0;
	csum = (csum & 0xffff) + (csum >> 16);
	csum = (csum & 0xffff) + (csum >> 16);
	icmp->checksum = bpf_htons(~csum & 0xffff);
	n = bpf_map_lookup_elem(&replies, &zero);
	if (n)
		*n += 1;
	return XDP_TX;
}

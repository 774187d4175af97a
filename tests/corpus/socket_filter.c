/* A socket filter: in test-run its data starts at the network header (the
 * Ethernet header was consumed by eth_type_trans), skb->protocol is the
 * EtherType, pkt_type says how the destination MAC compared with the
 * loopback device's. No direct packet access: bpf_skb_load_bytes from 0.
 * Returns bytes to keep: the whole packet for TCP, 20 for UDP, 0 otherwise. */
#include "common.h"

RESULTS_MAP(seen, 8);

SEC("socket")
int sock_filter_ipv4(struct __sk_buff *skb)
{
	__u8 first[4];
	struct iphdr ip;

	record(&seen, 0, skb->len);
	record(&seen, 1, bpf_ntohs(skb->protocol));
	record(&seen, 2, skb->pkt_type);
	if (bpf_skb_load_bytes(skb, 0, first, sizeof(first)))
		return 0;
	record(&seen, 3, first[0]); /* 0x45 for IPv4: the network header */
	record(&seen, 4, skb->ifindex);
	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)))
		return 0;
	record(&seen, 5, bpf_ntohl(ip.daddr));
	if (ip.protocol == IPPROTO_TCP)
		return skb->len;
	if (ip.protocol == IPPROTO_UDP)
		return 20;
	return 0;
}

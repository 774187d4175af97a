/* A tc port firewall: destination ports listed in `blocked` (installed from
 * user space via maps_before) are dropped (TC_ACT_SHOT) and counted per port;
 * everything else is TC_ACT_OK. IPv4 and IPv6, TCP and UDP. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u16);   /* host byte order port */
	__type(value, __u64); /* drops */
} blocked SEC(".maps");

SEC("tc")
int port_filter(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	void *l4;
	__u8 proto;
	__u16 port;
	__u64 *drops;

	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		if ((void *)(ip + 1) > data_end)
			return TC_ACT_OK;
		proto = ip->protocol;
		l4 = (void *)ip + ip->ihl * 4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > data_end)
			return TC_ACT_OK;
		proto = ip6->nexthdr;
		l4 = ip6 + 1;
	} else {
		return TC_ACT_OK;
	}
	if (proto != IPPROTO_TCP && proto != IPPROTO_UDP)
		return TC_ACT_OK;
	if (l4 + 4 > data_end)
		return TC_ACT_OK;
	port = bpf_ntohs(((struct udphdr *)l4)->dest);
	drops = bpf_map_lookup_elem(&blocked, &port);
	if (!drops)
		return TC_ACT_OK;
	__sync_fetch_and_add(drops, 1);
	return TC_ACT_SHOT;
}

/* A flow dissector program: parses IPv4/IPv6 + TCP/UDP from flow_keys->nhoff
 * and fills struct bpf_flow_keys (test-run returns the keys as data_out;
 * ctx_in, when given, may only set flow_keys.flags).
 * Returns BPF_OK, or BPF_DROP for what it cannot parse. */
#include "common.h"

SEC("flow_dissector")
int dissect(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct bpf_flow_keys *keys = skb->flow_keys;
	__u16 nhoff = keys->nhoff;
	void *nh;
	__u8 proto;

	if (nhoff > 64)
		return BPF_DROP;
	nh = data + nhoff;
	if (keys->n_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = nh;
		if ((void *)(ip + 1) > data_end || ip->ihl != 5)
			return BPF_DROP;
		keys->addr_proto = ETH_P_IP;
		keys->ipv4_src = ip->saddr;
		keys->ipv4_dst = ip->daddr;
		keys->is_frag = !!(ip->frag_off & bpf_htons(0x3fff));
		proto = ip->protocol;
		keys->thoff = nhoff + sizeof(*ip);
	} else if (keys->n_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = nh;
		if ((void *)(ip6 + 1) > data_end)
			return BPF_DROP;
		keys->addr_proto = ETH_P_IPV6;
		__builtin_memcpy(keys->ipv6_src, &ip6->saddr, 16);
		__builtin_memcpy(keys->ipv6_dst, &ip6->daddr, 16);
		proto = ip6->nexthdr;
		keys->thoff = nhoff + sizeof(*ip6);
	} else {
		return BPF_DROP;
	}
	keys->ip_proto = proto;
	if (proto == IPPROTO_TCP || proto == IPPROTO_UDP) {
		__u16 thoff = keys->thoff;
		struct udphdr *l4;
		if (thoff > 128)
			return BPF_DROP;
		l4 = data + thoff;
		if ((void *)(l4 + 1) > data_end)
			return BPF_DROP;
		keys->sport = l4->source;
		keys->dport = l4->dest;
	}
	return BPF_OK;
}

/* Packet parsing with bounds checks: Ethernet, up to two VLAN tags
 * (802.1Q / 802.1ad), IPv4 with options (ihl > 5), IPv6 (fixed header), and
 * TCP/UDP ports. Counts per (ip version, l4 proto, dst port) in a hash map;
 * truncated or malformed frames are dropped and counted under key 0. */
#include "common.h"

struct flow_key {
	__u8 ipver;
	__u8 proto;
	__u16 vlans;
	__u16 sport;
	__u16 dport;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32);
	__type(key, struct flow_key);
	__type(value, __u64);
} flows SEC(".maps");

static __always_inline int count(struct flow_key *k)
{
	__u64 one = 1, *v = bpf_map_lookup_elem(&flows, k);

	if (v)
		*v += 1;
	else
		bpf_map_update_elem(&flows, k, &one, BPF_NOEXIST);
	return k->ipver ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int parse_l2_l4(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct flow_key key = {}, bad = {};
	struct ethhdr *eth = data;
	void *cur = eth + 1;
	__u16 proto;
	__u8 l4proto;
	int i;

	if (cur > data_end)
		return count(&bad);
	proto = eth->h_proto;
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct vlan_hdr *vh = cur;
		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > data_end)
			return count(&bad);
		proto = vh->h_vlan_encapsulated_proto;
		key.vlans = (key.vlans << 8) | (bpf_ntohs(vh->h_vlan_TCI) & 0xff);
		cur = vh + 1;
	}
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = cur;
		__u32 hl;
		if ((void *)(ip + 1) > data_end)
			return count(&bad);
		hl = ip->ihl * 4;
		if (hl < sizeof(*ip))
			return count(&bad);
		if (cur + hl > data_end)
			return count(&bad);
		key.ipver = 4;
		l4proto = ip->protocol;
		cur += hl;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = cur;
		if ((void *)(ip6 + 1) > data_end)
			return count(&bad);
		key.ipver = 6;
		l4proto = ip6->nexthdr;
		cur = ip6 + 1;
	} else {
		key.ipver = 0xff;
		key.sport = bpf_ntohs(proto);
		return count(&key);
	}
	key.proto = l4proto;
	if (l4proto == IPPROTO_TCP) {
		struct tcphdr *tcp = cur;
		if ((void *)(tcp + 1) > data_end)
			return count(&bad);
		key.sport = bpf_ntohs(tcp->source);
		key.dport = bpf_ntohs(tcp->dest);
	} else if (l4proto == IPPROTO_UDP) {
		struct udphdr *udp = cur;
		if ((void *)(udp + 1) > data_end)
			return count(&bad);
		key.sport = bpf_ntohs(udp->source);
		key.dport = bpf_ntohs(udp->dest);
	}
	return count(&key);
}

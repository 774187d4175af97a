/* A dense switch on the TCP/UDP destination port and a sparse one on the
 * EtherType (clang-19 emits compare-and-branch chains for BPF: no jump tables). */
#include "common.h"

RESULTS_MAP(classes, 16);

static __always_inline __u32 port_class(__u16 port)
{
	switch (port) {
	case 20: case 21: return 1;
	case 22: return 2;
	case 23: return 3;
	case 25: return 4;
	case 53: return 5;
	case 80: return 6;
	case 110: return 7;
	case 123: return 8;
	case 143: return 9;
	case 443: return 10;
	case 993: return 11;
	case 8080: return 12;
	default: return 0;
	}
}

SEC("xdp")
int switch_proto(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *l4 = (void *)(ip + 1);
	__u32 cls;
	__s64 *v;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	switch (bpf_ntohs(eth->h_proto)) {
	case ETH_P_IP:
		break;
	case ETH_P_IPV6:
		cls = 13;
		goto count;
	case ETH_P_ARP:
		cls = 14;
		goto count;
	case ETH_P_8021Q:
	case ETH_P_8021AD:
		cls = 15;
		goto count;
	default:
		return XDP_DROP;
	}
	if ((void *)(l4 + 1) > data_end || ip->ihl != 5)
		return XDP_DROP;
	cls = port_class(bpf_ntohs(l4->dest));
count:
	v = bpf_map_lookup_elem(&classes, &cls);
	if (v)
		*v += 1;
	return cls == 0 ? XDP_DROP : XDP_PASS;
}

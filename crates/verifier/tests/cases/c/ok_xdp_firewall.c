// accept
// An XDP parser: Ethernet, IPv4 with options, then the TCP or UDP destination port, with a
// bounds check before each header; drops one port.
#include "cases.h"

struct ports {
	__be16 source;
	__be16 dest;
};

SEC("xdp")
int firewall(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	struct ports *ports;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	ports = (void *)ip + ip->ihl * 4;
	if ((void *)(ports + 1) > data_end)
		return XDP_PASS;
	return ports->dest == bpf_htons(23) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

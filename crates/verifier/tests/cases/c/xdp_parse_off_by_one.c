// reject: packet_access at 7
// kernel-says: invalid access to packet, off=13 size=1
// An Ethernet parser whose bounds check is one byte short: it checks 13 bytes and reads the
// 2-byte EtherType at offset 12 (clang loads it as two bytes; the second, at 13, is outside).
#include "cases.h"

SEC("xdp")
int parse_short(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if (data + 13 > data_end)
		return XDP_PASS;
	return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

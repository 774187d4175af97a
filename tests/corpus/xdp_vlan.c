/* bpf_xdp_adjust_head: two programs in one object. vlan_push grows the head
 * by 4 bytes and inserts an 802.1Q tag (VID 42) after the MAC addresses;
 * vlan_pop removes the outer tag. Both return XDP_TX; data_out compared. */
#include "common.h"

SEC("xdp")
int vlan_push(struct xdp_md *ctx)
{
	void *data, *data_end;
	struct ethhdr *eth;
	struct vlan_hdr *vh;
	__u8 macs[12];
	__be16 proto;

	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(macs, eth, 12);
	proto = eth->h_proto;
	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct vlan_hdr)))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	eth = data;
	vh = (void *)(eth + 1);
	if ((void *)(vh + 1) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(eth, macs, 12);
	eth->h_proto = bpf_htons(ETH_P_8021Q);
	vh->h_vlan_TCI = bpf_htons(42);
	vh->h_vlan_encapsulated_proto = proto;
	return XDP_TX;
}

SEC("xdp")
int vlan_pop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vlan_hdr *vh = (void *)(eth + 1);
	__u8 macs[12];
	__be16 inner;

	if ((void *)(vh + 1) > data_end)
		return XDP_ABORTED;
	if (eth->h_proto != bpf_htons(ETH_P_8021Q))
		return XDP_PASS;
	__builtin_memcpy(macs, eth, 12);
	inner = vh->h_vlan_encapsulated_proto;
	if (bpf_xdp_adjust_head(ctx, (int)sizeof(struct vlan_hdr)))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	__builtin_memcpy(eth, macs, 12);
	eth->h_proto = inner;
	return XDP_TX;
}

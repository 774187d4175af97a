/* XDP redirects: bpf_redirect_map into a BPF_MAP_TYPE_DEVMAP (slot 0 holds
 * ifindex 1, the loopback device, from maps_before) and bpf_redirect. The
 * first payload byte after the IPv4 header picks what the program returns;
 * every helper's return value is recorded. In test-run a redirect is not
 * carried out: the retval is just XDP_REDIRECT (4). */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} tx_ports SEC(".maps");

RESULTS_MAP(codes, 8);

SEC("xdp")
int redirect_devmap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *sel = data + sizeof(struct ethhdr) + sizeof(struct iphdr);
	long r0, r1, r2, r3, r4;

	if ((void *)(sel + 1) > data_end)
		return XDP_ABORTED;
	r0 = bpf_redirect_map(&tx_ports, 0, XDP_PASS);   /* present */
	r1 = bpf_redirect_map(&tx_ports, 3, XDP_PASS);   /* empty slot: flags' low bits */
	r2 = bpf_redirect_map(&tx_ports, 3, XDP_DROP);
	r3 = bpf_redirect_map(&tx_ports, 9, XDP_ABORTED); /* out of range */
	r4 = bpf_redirect(1, 0);
	record(&codes, 0, r0);
	record(&codes, 1, r1);
	record(&codes, 2, r2);
	record(&codes, 3, r3);
	record(&codes, 4, r4);
	record(&codes, 5, bpf_redirect(1, 1 /* flags must be 0 in XDP */));
	switch (*sel) {
	case 0:
		return bpf_redirect_map(&tx_ports, 0, XDP_PASS);
	case 1:
		return bpf_redirect_map(&tx_ports, 2, XDP_PASS);
	default:
		return bpf_redirect(1, 0);
	}
}

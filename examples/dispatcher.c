// dispatcher: an XDP entry point that hands each IPv4 frame to a program per transport
// protocol through a tail call (a program array initialized in the object, as libbpf does):
// the TCP handler drops telnet, SMB and RDP; the UDP handler lets only DNS (53) through. Protocols without a handler, and non-IPv4 frames, pass.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* The destination port of the TCP or UDP header after the IPv4 header, or -1 (too short). */
static __always_inline int dest_port(struct xdp_md *ctx, int header_len)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data + sizeof(struct ethhdr);
	if ((void *)(ip + 1) > data_end || ip->ihl < 5)
		return -1;
	__u16 *ports = (void *)ip + ip->ihl * 4;
	if ((void *)ports + header_len > data_end)
		return -1;
	return bpf_ntohs(ports[1]);
}

SEC("xdp")
int tcp_handler(struct xdp_md *ctx)
{
	int port = dest_port(ctx, sizeof(struct tcphdr));
	if (port < 0 || port == 23 || port == 445 || port == 3389)
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp")
int udp_handler(struct xdp_md *ctx)
{
	int port = dest_port(ctx, sizeof(struct udphdr));
	return port == 53 ? XDP_PASS : XDP_DROP;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__array(values, int (void *));
} handlers SEC(".maps") = {
	.values = {
		[IPPROTO_TCP] = (void *)&tcp_handler,
		[IPPROTO_UDP] = (void *)&udp_handler,
	},
};

SEC("xdp")
int dispatcher(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	bpf_tail_call(ctx, &handlers, ip->protocol);
	/* no handler for this protocol */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

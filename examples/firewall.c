// firewall: an XDP port firewall. IPv4 TCP and UDP frames to a blocked destination port
// (telnet 23, SMB 445, RDP 3389) are dropped and counted per port in `drops`; frames too short
// for the headers they announce are dropped too; everything else passes.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u16);   /* destination port, host order */
	__type(value, __u64); /* frames dropped */
} drops SEC(".maps");

static __always_inline int blocked(__u16 port)
{
	return port == 23 || port == 445 || port == 3389;
}

SEC("xdp")
int firewall(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->ihl < 5)
		return XDP_DROP;
	void *l4 = (void *)ip + ip->ihl * 4;
	__u16 port;
	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = l4;
		if ((void *)(tcp + 1) > data_end)
			return XDP_DROP;
		port = bpf_ntohs(tcp->dest);
	} else if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *udp = l4;
		if ((void *)(udp + 1) > data_end)
			return XDP_DROP;
		port = bpf_ntohs(udp->dest);
	} else {
		return XDP_PASS;
	}
	if (!blocked(port))
		return XDP_PASS;
	__u64 *count = bpf_map_lookup_elem(&drops, &port);
	if (count) {
		__sync_fetch_and_add(count, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&drops, &port, &one, BPF_NOEXIST);
	}
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

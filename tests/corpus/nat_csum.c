/* Source NAT of an IPv4/TCP packet with incremental checksum fixes:
 * saddr 10.0.0.1 -> 192.0.2.1 (bpf_l3_csum_replace on the IP header,
 * bpf_l4_csum_replace with BPF_F_PSEUDO_HDR on the TCP checksum) and source
 * port -> 40000 (bpf_l4_csum_replace, 2 bytes). UDP gets the same with
 * BPF_F_MARK_MANGLED_0. data_out must carry valid checksums. */
#include "common.h"

#define IP_OFF sizeof(struct ethhdr)
#define IP_CSUM_OFF (IP_OFF + offsetof(struct iphdr, check))
#define IP_SRC_OFF (IP_OFF + offsetof(struct iphdr, saddr))
#define L4_OFF (IP_OFF + sizeof(struct iphdr))
#define TCP_CSUM_OFF (L4_OFF + offsetof(struct tcphdr, check))
#define UDP_CSUM_OFF (L4_OFF + offsetof(struct udphdr, check))

RESULTS_MAP(codes, 6);

SEC("tc")
int snat_rewrite(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__be32 old_ip, new_ip = bpf_htonl(0xc0000201);
	__be16 old_port, new_port = bpf_htons(40000);
	__u32 l4_csum_off, flags;
	__u8 proto;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return TC_ACT_OK;
	if (ip->saddr != bpf_htonl(0x0a000001))
		return TC_ACT_OK;
	proto = ip->protocol;
	if (proto == IPPROTO_TCP) {
		struct tcphdr *tcp = (void *)(ip + 1);
		if ((void *)(tcp + 1) > data_end)
			return TC_ACT_OK;
		old_port = tcp->source;
		l4_csum_off = TCP_CSUM_OFF;
		flags = 0;
	} else if (proto == IPPROTO_UDP) {
		struct udphdr *udp = (void *)(ip + 1);
		if ((void *)(udp + 1) > data_end)
			return TC_ACT_OK;
		old_port = udp->source;
		l4_csum_off = UDP_CSUM_OFF;
		flags = BPF_F_MARK_MANGLED_0;
	} else {
		return TC_ACT_OK;
	}
	old_ip = ip->saddr;
	record(&codes, 0, bpf_l4_csum_replace(skb, l4_csum_off, old_ip, new_ip,
					       flags | BPF_F_PSEUDO_HDR | sizeof(new_ip)));
	record(&codes, 1, bpf_l3_csum_replace(skb, IP_CSUM_OFF, old_ip, new_ip, sizeof(new_ip)));
	record(&codes, 2, bpf_skb_store_bytes(skb, IP_SRC_OFF, &new_ip, sizeof(new_ip), 0));
	record(&codes, 3, bpf_l4_csum_replace(skb, l4_csum_off, old_port, new_port,
					       flags | sizeof(new_port)));
	record(&codes, 4, bpf_skb_store_bytes(skb, L4_OFF, &new_port, sizeof(new_port), 0));
	record(&codes, 5, bpf_l3_csum_replace(skb, IP_CSUM_OFF, 0, 0, 3 /* bad size */));
	return TC_ACT_OK;
}

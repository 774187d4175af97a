/* Destination NAT with bpf_csum_diff: the checksum delta of the old and new
 * (address, port) words is computed once and applied with
 * bpf_l3_csum_replace(.., 0, diff, 0) and bpf_l4_csum_replace(.., 0, diff,
 * BPF_F_PSEUDO_HDR). Raw bpf_csum_diff results are recorded too. */
#include "common.h"

#define IP_OFF sizeof(struct ethhdr)
#define L4_OFF (IP_OFF + sizeof(struct iphdr))

RESULTS_MAP(codes, 8);

SEC("tc")
int dnat_csum_diff(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp = (void *)(ip + 1);
	__be32 old_ip[1], new_ip[1] = { bpf_htonl(0x0a0000fe) };
	__be32 old_ports[1], new_ports[1];
	__s64 ipdiff, portdiff;
	__u32 words[4] = { 1, 2, 3, 4 };

	if ((void *)(tcp + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != IPPROTO_TCP)
		return TC_ACT_OK;
	old_ip[0] = ip->daddr;
	/* ports word: source and dest; rewrite dest port to 8080 */
	__builtin_memcpy(old_ports, &tcp->source, 4);
	new_ports[0] = old_ports[0];
	((__be16 *)new_ports)[1] = bpf_htons(8080);

	ipdiff = bpf_csum_diff(old_ip, 4, new_ip, 4, 0);
	portdiff = bpf_csum_diff(old_ports, 4, new_ports, 4, 0);
	record(&codes, 0, ipdiff);
	record(&codes, 1, portdiff);
	record(&codes, 2, bpf_csum_diff(0, 0, words, 16, 0));
	record(&codes, 3, bpf_csum_diff(words, 16, 0, 0, 0xffff));
	record(&codes, 4, bpf_csum_diff(words, 3, 0, 0, 0)); /* not a multiple of 4 */

	bpf_skb_store_bytes(skb, IP_OFF + offsetof(struct iphdr, daddr), new_ip, 4, 0);
	bpf_skb_store_bytes(skb, L4_OFF, new_ports, 4, 0);
	record(&codes, 5, bpf_l3_csum_replace(skb, IP_OFF + offsetof(struct iphdr, check), 0, ipdiff, 0));
	record(&codes, 6, bpf_l4_csum_replace(skb, L4_OFF + offsetof(struct tcphdr, check), 0, ipdiff,
					       BPF_F_PSEUDO_HDR));
	record(&codes, 7, bpf_l4_csum_replace(skb, L4_OFF + offsetof(struct tcphdr, check), 0, portdiff, 0));
	return TC_ACT_OK;
}

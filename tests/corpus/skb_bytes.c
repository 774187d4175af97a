/* bpf_skb_load_bytes / bpf_skb_store_bytes: copy the IPv4 header out, swap
 * the MAC addresses in place, write a marker into the UDP payload with
 * BPF_F_RECOMPUTE_CSUM, and record out-of-bounds errors. RECOMPUTE_CSUM only
 * keeps skb->csum (CHECKSUM_COMPLETE) in step: the UDP checksum in data_out is
 * left stale, as in the kernel. */
#include "common.h"

RESULTS_MAP(codes, 8);

SEC("tc")
int skb_rewrite(struct __sk_buff *skb)
{
	struct iphdr ip;
	__u8 macs[12], swapped[12];
	__u32 off = sizeof(struct ethhdr) + sizeof(struct iphdr) + sizeof(struct udphdr);
	char mark[4] = { 'S', 'L', 'C', 'E' };
	char big[16];
	int i;

	record(&codes, 0, bpf_skb_load_bytes(skb, sizeof(struct ethhdr), &ip, sizeof(ip)));
	record(&codes, 1, ip.ttl);
	record(&codes, 2, bpf_skb_load_bytes(skb, 0, macs, sizeof(macs)));
	for (i = 0; i < 6; i++) {
		swapped[i] = macs[i + 6];
		swapped[i + 6] = macs[i];
	}
	record(&codes, 3, bpf_skb_store_bytes(skb, 0, swapped, sizeof(swapped), 0));
	record(&codes, 4, bpf_skb_store_bytes(skb, off, mark, sizeof(mark), BPF_F_RECOMPUTE_CSUM));
	record(&codes, 5, bpf_skb_load_bytes(skb, skb->len - 8, big, sizeof(big)));
	record(&codes, 6, bpf_skb_store_bytes(skb, skb->len - 2, mark, sizeof(mark), 0));
	record(&codes, 7, bpf_skb_store_bytes(skb, 0, mark, sizeof(mark), 0x80 /* bad flag */));
	return TC_ACT_OK;
}

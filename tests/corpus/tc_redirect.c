/* tc redirects: bpf_redirect (egress and BPF_F_INGRESS), bad flags
 * (TC_ACT_SHOT), and bpf_redirect_neigh; the UDP destination port picks which
 * result the program returns. Test-run returns TC_ACT_REDIRECT (7) without
 * redirecting anything. */
#include "common.h"

RESULTS_MAP(codes, 4);

SEC("tc")
int tc_redirect(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct udphdr *udp = data + sizeof(struct ethhdr) + sizeof(struct iphdr);
	long r0, r1, r2;

	if ((void *)(udp + 1) > data_end)
		return TC_ACT_SHOT;
	r0 = bpf_redirect(1, 0);
	r1 = bpf_redirect(1, BPF_F_INGRESS);
	r2 = bpf_redirect(1, 0x100);
	record(&codes, 0, r0);
	record(&codes, 1, r1);
	record(&codes, 2, r2);
	switch (bpf_ntohs(udp->dest)) {
	case 1:
		return bpf_redirect(1, BPF_F_INGRESS);
	case 2:
		return bpf_redirect(1, 0x100);
	case 3:
		record(&codes, 3, bpf_redirect_neigh(1, 0, 0, 0));
		return TC_ACT_OK;
	default:
		return bpf_redirect(1, 0);
	}
}

/* cgroup_skb (SEC("cgroup_skb/egress")): data starts at the network header
 * as for socket filters; test-run's fake socket takes its addresses from the
 * IPv4 header, visible as __sk_buff local_ip4/remote_ip4 and family. Returns
 * 1 (allow) unless the destination port is 25 (0, deny). */
#include "common.h"

RESULTS_MAP(seen, 8);

SEC("cgroup_skb/egress")
int egress_policy(struct __sk_buff *skb)
{
	struct iphdr ip;
	struct udphdr l4;

	record(&seen, 0, skb->len);
	record(&seen, 1, skb->family);
	record(&seen, 2, bpf_ntohl(skb->local_ip4));
	record(&seen, 3, bpf_ntohl(skb->remote_ip4));
	if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)))
		return 1;
	record(&seen, 4, ip.protocol);
	if (ip.protocol != IPPROTO_TCP && ip.protocol != IPPROTO_UDP)
		return 1;
	if (bpf_skb_load_bytes(skb, ip.ihl * 4, &l4, sizeof(l4)))
		return 1;
	record(&seen, 5, bpf_ntohs(l4.dest));
	return l4.dest == bpf_htons(25) ? 0 : 1;
}

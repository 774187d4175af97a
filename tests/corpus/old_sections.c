/* Old section spellings: SEC("socket1") (socket filter) as in the kernel's
 * samples/bpf. libbpf >= 1.0 no longer guesses a program type from it
 * ("socket" must be exact), so it only loads with an explicit type
 * (`bpftool prog loadall ... type socket`). Returns the IPv4 total length
 * (bytes to keep) for UDP and 0 (drop) otherwise. */
#include "common.h"

SEC("socket1")
int socket1_filter(struct __sk_buff *skb)
{
	struct iphdr ip;

	if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)))
		return 0;
	if (ip.protocol != IPPROTO_UDP)
		return 0;
	return bpf_ntohs(ip.tot_len);
}

/* An LWT_IN program (SEC("lwt_in")): like a socket filter its data starts at
 * the network header, but with direct packet access. Drops IPv4 packets with
 * TTL <= 1 (BPF_DROP), passes others (BPF_OK), counting both. */
#include "common.h"

RESULTS_MAP(seen, 4);

SEC("lwt_in")
int lwt_ttl_check(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;
	__u32 k;
	__s64 *v;

	record(&seen, 3, data_end - data);
	if ((void *)(ip + 1) > data_end)
		return BPF_DROP;
	record(&seen, 2, ip->version);
	k = ip->ttl <= 1;
	v = bpf_map_lookup_elem(&seen, &k);
	if (v)
		*v += 1;
	return k ? BPF_DROP : BPF_OK;
}

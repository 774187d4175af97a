/* BPF_MAP_TYPE_HASH_OF_MAPS, statically initialised (keys 0 and 1) with two
 * inner hash maps; the destination port picks the tenant (port & 1) and the
 * inner map counts per source address. Key 7 is absent. */
#include "common.h"

struct inner {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
};

struct inner tenant_even SEC(".maps");
struct inner tenant_odd SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, struct inner);
} tenants SEC(".maps") = {
	.values = { [0] = &tenant_even, [1] = &tenant_odd },
};

RESULTS_MAP(misses, 1);

SEC("tc")
int hom_lookup(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	__u32 tenant, src, absent = 7;
	__u64 *v, one = 1;
	void *m;

	if ((void *)(udp + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return TC_ACT_OK;
	tenant = bpf_ntohs(udp->dest) & 1;
	src = ip->saddr;
	m = bpf_map_lookup_elem(&tenants, &tenant);
	if (!m)
		return TC_ACT_SHOT;
	v = bpf_map_lookup_elem(m, &src);
	if (v)
		*v += 1;
	else
		bpf_map_update_elem(m, &src, &one, BPF_NOEXIST);
	if (!bpf_map_lookup_elem(&tenants, &absent))
		record(&misses, 0, 1);
	return TC_ACT_OK;
}

/* BPF_MAP_TYPE_PERCPU_HASH: per destination port counters, created on first use. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u16);
	__type(value, __u64);
} port_pkts SEC(".maps");

SEC("tc")
int percpu_port_count(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *l4;
	__u16 port;
	__u64 one = 1, *v;

	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return TC_ACT_OK;
	l4 = (void *)ip + ip->ihl * 4;
	if ((void *)(l4 + 1) > data_end)
		return TC_ACT_OK;
	port = bpf_ntohs(l4->dest);
	v = bpf_map_lookup_elem(&port_pkts, &port);
	if (v)
		*v += 1;
	else
		bpf_map_update_elem(&port_pkts, &port, &one, BPF_NOEXIST);
	return TC_ACT_OK;
}

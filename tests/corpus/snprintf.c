/* bpf_snprintf: format the packet's addresses and ports into a buffer and
 * copy it into a map value; a second call into an 8-byte buffer shows
 * truncation (the return value is the untruncated length + 1). */
#include "common.h"

struct line {
	__s64 ret;
	__s64 short_ret;
	char text[80];
	char short_text[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct line);
} lines SEC(".maps");

SEC("tc")
int format_flow(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	__u32 zero = 0;
	struct line *l = bpf_map_lookup_elem(&lines, &zero);
	__u64 args[6];
	__u32 saddr, daddr;

	if (!l || (void *)(udp + 1) > data_end || ip->ihl != 5)
		return TC_ACT_OK;
	saddr = ip->saddr;
	daddr = ip->daddr;
	args[0] = (__u64)(long)&saddr;
	args[1] = bpf_ntohs(udp->source);
	args[2] = (__u64)(long)&daddr;
	args[3] = bpf_ntohs(udp->dest);
	args[4] = (__u64)(__s64)-42;
	args[5] = (__u64)(long)"ok";
	l->ret = bpf_snprintf(l->text, sizeof(l->text), "%pI4:%u -> %pI4:%u %d %s",
			      args, sizeof(args));
	l->short_ret = bpf_snprintf(l->short_text, sizeof(l->short_text), "%pI4:%u",
				    args, 2 * sizeof(__u64));
	return TC_ACT_OK;
}

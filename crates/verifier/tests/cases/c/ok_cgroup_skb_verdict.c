// accept
// A cgroup skb ingress program returning 0 or 1 from a packet check.
#include "cases.h"

SEC("cgroup_skb/ingress")
int verdict(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct iphdr *ip = data;

	if ((void *)(ip + 1) > data_end)
		return 1;
	return ip->ttl > 1;
}

char LICENSE[] SEC("license") = "GPL";

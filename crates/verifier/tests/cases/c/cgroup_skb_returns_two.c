// reject: return_value at 4
// kernel-says: should have been in [0, 1]
// A cgroup skb ingress program returns 2 for large packets.
#include "cases.h"

SEC("cgroup_skb/ingress")
int bad_verdict(struct __sk_buff *skb)
{
	return skb->len > 1000 ? 2 : 1;
}

char LICENSE[] SEC("license") = "GPL";

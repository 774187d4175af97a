// accept
// A 4,000-iteration loop whose body branches both ways on every iteration, so each iteration
// explores both sides of the `if` before the paths meet again. The kernel accepts it after about
// 190,000 processed instructions; a verifier that does not merge the two sides at the join, or
// that restarts its store-state counters on every branch, runs into the 1,000,000 limit.
#include "cases.h"

SEC("socket")
int two_sided(struct __sk_buff *skb)
{
	__u32 acc = skb->len;
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 4000; i++) {
		__u32 b = acc >> 3;
		if (b & 1)
			acc = acc * 31 + b;
		else
			acc ^= b << (i & 7);
	}
	return acc & 1;
}

char LICENSE[] SEC("license") = "GPL";

// accept
// Global functions, verified on their own from their prototypes: one takes the context, one
// a pointer it checks for NULL before use.
#include "cases.h"

__noinline int get_len(struct __sk_buff *skb)
{
	if (!skb)
		return 0;
	return skb->len;
}

__noinline int read_checked(__u32 *p)
{
	if (!p)
		return 0;
	return *p;
}

SEC("tc")
int globals(struct __sk_buff *skb)
{
	__u32 v = skb->mark;

	return get_len(skb) + read_checked(&v);
}

char LICENSE[] SEC("license") = "GPL";

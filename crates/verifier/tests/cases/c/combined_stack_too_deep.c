// reject: stack_too_deep
// kernel-says: combined stack size of 3 calls is
// Three functions each keep 200 bytes on the stack and call the next: 600 bytes along the
// chain, over the 512-byte limit (each function alone is fine).
#include "cases.h"

static __noinline int leaf(int x)
{
	volatile char buf[200];

	buf[x & 0x7f] = x;
	return buf[(x >> 1) & 0x7f];
}

static __noinline int middle(int x)
{
	volatile char buf[200];

	buf[x & 0x7f] = x;
	return leaf(x + 1) + buf[(x >> 2) & 0x7f];
}

SEC("tc")
int deep_stack(struct __sk_buff *skb)
{
	volatile char buf[200];
	int x = skb->len;

	buf[x & 0x7f] = x;
	return middle(x) + buf[(x >> 3) & 0x7f];
}

char LICENSE[] SEC("license") = "GPL";

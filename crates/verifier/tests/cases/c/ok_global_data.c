// accept
// Read-only configuration (`.rodata`, frozen: its value is a constant to the verifier),
// a `.data` counter and a `.bss` buffer indexed within bounds.
#include "cases.h"

const volatile __u32 threshold = 100;
__u64 packets = 1;
__u8 last[16];

SEC("tc")
int config(struct __sk_buff *skb)
{
	packets++;
	last[skb->len & 15] = skb->protocol;
	return skb->len > threshold;
}

char LICENSE[] SEC("license") = "GPL";

// reject: read_only at 3
// kernel-says: write into map forbidden
// A `const volatile` configuration value (in `.rodata`, frozen by the loader) is written
// through a cast.
#include "cases.h"

const volatile __u32 threshold = 100;

SEC("tc")
int write_config(struct __sk_buff *skb)
{
	*(volatile __u32 *)&threshold = skb->len;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

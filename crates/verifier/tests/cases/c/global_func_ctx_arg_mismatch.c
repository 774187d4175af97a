// reject: callback at 27
// kernel-says: arg#0 expects pointer to ctx
// A global function declared to take the context (`struct __sk_buff *`) is called with a
// stack pointer.
#include "cases.h"

__noinline int get_len(struct __sk_buff *skb)
{
	return skb ? skb->len : 0;
}

SEC("tc")
int global_ctx_mismatch(struct __sk_buff *skb)
{
	__u64 fake[24] = {};

	return get_len((struct __sk_buff *)fake);
}

char LICENSE[] SEC("license") = "GPL";

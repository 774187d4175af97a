// reject: null_pointer at 6
// kernel-says: invalid mem access 'mem_or_null'
// A global function dereferences its pointer argument without checking it: global functions
// are verified once for any caller, and a pointer argument may be NULL.
#include "cases.h"

__noinline int read_first(__u32 *p)
{
	return *p;
}

SEC("tc")
int global_nullable(struct __sk_buff *skb)
{
	__u32 v = skb->len;

	return read_first(&v);
}

char LICENSE[] SEC("license") = "GPL";

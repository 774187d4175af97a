// accept
// A tail call from a subprogram whose callers keep little on their stack.
#include "cases.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} jump SEC(".maps");

static __noinline int chain(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jump, 0);
	return skb->len;
}

SEC("tc")
int small_frame_tail_call(struct __sk_buff *skb)
{
	volatile __u64 x = skb->len;

	return chain(skb) + x;
}

char LICENSE[] SEC("license") = "GPL";

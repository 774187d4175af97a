// reject: tail_call
// kernel-says: tail_calls are not allowed when call stack of previous frames is
// main keeps 264 bytes on its stack and calls a subprogram that tail-calls: with tail calls
// in subprograms, each frame on the way may use at most 256 bytes.
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
int big_frame_tail_call(struct __sk_buff *skb)
{
	volatile char buf[264];
	int i;

	for (i = 0; i < 264; i += 8)
		buf[i] = i;
	return chain(skb) + buf[skb->len & 0xff];
}

char LICENSE[] SEC("license") = "GPL";

/* Chained tail calls: chain_entry -> stage1 -> stage2 -> stage3, each appending
 * its number to a trace; the retval is the last stage's. The skb's cb[0]
 * carries the depth from one program to the next (cb survives tail calls). */
#include "common.h"

RESULTS_MAP(trace, 8);

int stage1(struct __sk_buff *skb);
int stage2(struct __sk_buff *skb);
int stage3(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, int (void *));
} stages SEC(".maps") = {
	.values = { [1] = (void *)&stage1, [2] = (void *)&stage2, [3] = (void *)&stage3 },
};

static __always_inline void step(struct __sk_buff *skb, __s64 id)
{
	__u32 d = skb->cb[0];
	if (d < 8)
		record(&trace, d, id * 10 + d);
	skb->cb[0] = d + 1;
}

SEC("tc")
int stage3(struct __sk_buff *skb)
{
	step(skb, 3);
	return TC_ACT_SHOT;
}

SEC("tc")
int stage2(struct __sk_buff *skb)
{
	step(skb, 2);
	bpf_tail_call(skb, &stages, 3);
	return TC_ACT_UNSPEC;
}

SEC("tc")
int stage1(struct __sk_buff *skb)
{
	step(skb, 1);
	bpf_tail_call(skb, &stages, 2);
	return TC_ACT_UNSPEC;
}

SEC("tc")
int chain_entry(struct __sk_buff *skb)
{
	skb->cb[0] = 0;
	step(skb, 9);
	bpf_tail_call(skb, &stages, 1);
	return TC_ACT_UNSPEC;
}

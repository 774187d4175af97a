/* A program that tail-calls itself until the kernel's limit
 * (MAX_TAIL_CALL_CNT = 33) stops it: 34 executions per test run, the last of
 * which sees bpf_tail_call fail and falls through. */
#include "common.h"

RESULTS_MAP(counts, 2); /* 0: executions, 1: fall-throughs */

int tail_loop(struct xdp_md *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, int (void *));
} self SEC(".maps") = {
	.values = { [0] = (void *)&tail_loop },
};

SEC("xdp")
int tail_loop(struct xdp_md *ctx)
{
	__u32 k = 0;
	__s64 *n = bpf_map_lookup_elem(&counts, &k);

	if (n)
		*n += 1;
	bpf_tail_call(ctx, &self, 0);
	k = 1;
	n = bpf_map_lookup_elem(&counts, &k);
	if (n)
		*n += 1;
	return XDP_PASS;
}

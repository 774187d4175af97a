// reject: stack_access at 14
// kernel-says: invalid write to stack R2 off=0 size=8
// The bpf_loop callback is given a pointer to an 8-byte stack variable of its caller and
// writes 8 bytes past it, above the caller's frame.
#include "cases.h"

static long step(__u64 index, void *ctx)
{
	__u64 *total = ctx;

	total[1] = index;
	return 0;
}

SEC("xdp")
int loop_past_stack(struct xdp_md *ctx)
{
	__u64 total = 0;

	bpf_loop(4, step, &total, 0);
	return total ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

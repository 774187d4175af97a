// accept
// bpf_loop with a callback that sums its index into the caller's stack variable and stops
// early.
#include "cases.h"

struct acc {
	__u64 sum;
	__u32 stop;
};

static long step(__u64 index, void *ctx)
{
	struct acc *a = ctx;

	if (index == a->stop)
		return 1;
	a->sum += index;
	return 0;
}

SEC("xdp")
int loop_sum(struct xdp_md *ctx)
{
	struct acc a = { .sum = 0, .stop = ctx->rx_queue_index };

	bpf_loop(64, step, &a, 0);
	return a.sum > 100 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

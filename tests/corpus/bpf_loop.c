/* bpf_loop with a callback: sums i*i until the callback stops the loop
 * (returns 1) at the index given by the first payload byte; also the
 * -E2BIG (too many iterations) and -EINVAL (flags) error returns. */
#include "common.h"

RESULTS_MAP(out, 6);

struct loop_ctx {
	__u64 sum;
	__u32 stop_at;
	__u32 calls;
};

static long body(__u64 i, void *data)
{
	struct loop_ctx *c = data;

	c->calls++;
	if (i == c->stop_at)
		return 1;
	c->sum += i * i;
	return 0;
}

static long nothing(__u64 i, void *data)
{
	return 0;
}

SEC("xdp")
int loop_sum(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *p = data + sizeof(struct ethhdr) + sizeof(struct iphdr) + sizeof(struct udphdr);
	struct loop_ctx c = {};
	long n;

	if ((void *)(p + 1) > data_end)
		return XDP_PASS;
	c.stop_at = *p;
	n = bpf_loop(100, body, &c, 0);
	record(&out, 0, n);
	record(&out, 1, c.sum);
	record(&out, 2, c.calls);
	record(&out, 3, bpf_loop(1 << 24, nothing, 0, 0));
	record(&out, 4, bpf_loop(10, nothing, 0, 1));
	record(&out, 5, bpf_loop(0, nothing, 0, 0));
	return XDP_PASS;
}

/* BPF-to-BPF calls three deep: the program calls a global (non-static,
 * separately verified) function, which calls a static noinline function,
 * which calls another one. Each level records that it ran. */
#include "common.h"

RESULTS_MAP(out, 4);

static __noinline __u64 level3(__u64 x)
{
	record(&out, 3, x);
	return x * 3 + 1;
}

static __noinline __u64 level2(__u64 x, __u64 y)
{
	__u64 r = level3(x ^ y);

	record(&out, 2, r);
	return r + y;
}

__noinline int level1(__u32 a, __u32 b)
{
	__u64 r = level2(a, b);

	record(&out, 1, r);
	return (int)(r & 0xff);
}

SEC("xdp")
int calls_three_deep(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	int r;

	if ((void *)(p + 16) > data_end)
		return XDP_ABORTED;
	r = level1(p[14], p[15]);
	record(&out, 0, r);
	return r & 1 ? XDP_PASS : XDP_DROP;
}

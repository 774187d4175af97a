/* bpf_xdp_adjust_meta: every delta in the table is tried and undone (the
 * return codes show the rules: a multiple of 4, within the headroom left
 * after struct xdp_frame, not past data; -EACCES for a bad length), then 8
 * bytes of metadata are reserved and a mark written there and read back.
 * The test-run's data_out starts at data_meta, and ctx_out's data field is
 * the metadata length. */
#include "common.h"

RESULTS_MAP(codes, 16);

static const int deltas[] = { -3, -4, -32, -36, -64, -128, -212, -216, -220, -256, 4, -2 };

SEC("xdp")
int meta_mark(struct xdp_md *ctx)
{
	void *data, *meta;
	__u64 *mark;
	int i;

#pragma clang loop unroll(full)
	for (i = 0; i < 12; i++) {
		int d = deltas[i];
		long r = bpf_xdp_adjust_meta(ctx, d);

		record(&codes, i, r);
		if (r == 0)
			bpf_xdp_adjust_meta(ctx, -d);
	}
	record(&codes, 12, bpf_xdp_adjust_meta(ctx, -8));
	data = (void *)(long)ctx->data;
	meta = (void *)(long)ctx->data_meta;
	mark = meta;
	if ((void *)(mark + 1) > data)
		return XDP_ABORTED;
	*mark = 0x1122334455667788ULL;
	record(&codes, 13, *mark == 0x1122334455667788ULL);
	record(&codes, 14, data - meta);
	return XDP_PASS;
}

/* bpf_xdp_adjust_head limits in test-run: every delta in the table is tried
 * and undone; the return codes and the packet length after each successful
 * move are recorded. (Headroom is XDP_PACKET_HEADROOM = 256 bytes, of which
 * sizeof(struct xdp_frame) must stay free; at least ETH_HLEN bytes must stay.) */
#include "common.h"

RESULTS_MAP(codes, 16);
RESULTS_MAP(lens, 16);

static const int deltas[] = { -8, -64, -200, -216, -217, -224, -256, -257,
			      8, 100, 0, 1 };

SEC("xdp")
int head_limits(struct xdp_md *ctx)
{
	int i;

#pragma clang loop unroll(full)
	for (i = 0; i < 12; i++) {
		int d = deltas[i];
		long r = bpf_xdp_adjust_head(ctx, d);

		record(&codes, i, r);
		record(&lens, i, ctx->data_end - ctx->data);
		if (r == 0)
			bpf_xdp_adjust_head(ctx, -d);
	}
	/* the final frame is 2 bytes shorter at the head */
	bpf_xdp_adjust_head(ctx, 2);
	return XDP_PASS;
}

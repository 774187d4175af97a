/* bpf_xdp_adjust_tail: trim the frame to 60 bytes, grow it by 8 and write a
 * trailer 'SLCE', shrink by 4; out-of-range grow/shrink requests are refused
 * and recorded, and the largest frame the test-run buffer allows is probed
 * (grow to exactly 3520 bytes, then 3521, each undone). The grown bytes are
 * zeroed by the kernel before the program writes them. */
#include "common.h"

RESULTS_MAP(codes, 12);

SEC("xdp")
int tail_trim(struct xdp_md *ctx)
{
	void *data, *data_end;
	__u32 len = ctx->data_end - ctx->data;
	__u8 *t;
	__u32 off;

	record(&codes, 0, len);
	record(&codes, 1, bpf_xdp_adjust_tail(ctx, 4096));        /* beyond tailroom */
	record(&codes, 2, bpf_xdp_adjust_tail(ctx, -(int)len));   /* below ETH_HLEN */
	if (len < 3520) {
		long r = bpf_xdp_adjust_tail(ctx, 3520 - (int)len);
		record(&codes, 8, r);
		record(&codes, 9, (void *)(long)ctx->data_end - (void *)(long)ctx->data);
		if (r == 0)
			bpf_xdp_adjust_tail(ctx, (int)len - 3520);
		r = bpf_xdp_adjust_tail(ctx, 3521 - (int)len);
		record(&codes, 10, r);
		if (r == 0)
			bpf_xdp_adjust_tail(ctx, (int)len - 3521);
	}
	record(&codes, 11, bpf_xdp_adjust_tail(ctx, 14 - (int)len)); /* exactly ETH_HLEN */
	bpf_xdp_adjust_tail(ctx, (int)len - 14);
	if (len > 60)
		record(&codes, 3, bpf_xdp_adjust_tail(ctx, 60 - (int)len));
	record(&codes, 4, bpf_xdp_adjust_tail(ctx, 8));
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	record(&codes, 5, data_end - data);
	off = (data_end - data) - 8;
	if (off > 4000)
		return XDP_ABORTED;
	t = data + off;
	if ((void *)(t + 8) > data_end)
		return XDP_ABORTED;
	record(&codes, 6, t[0] | t[7]); /* grown bytes read as zero */
	t[0] = 'S'; t[1] = 'L'; t[2] = 'C'; t[3] = 'E';
	record(&codes, 7, bpf_xdp_adjust_tail(ctx, -4));
	return XDP_TX;
}

/* #pragma unroll: 16 big-endian 16-bit words of the packet summed in a fully
 * unrolled loop after one bounds check (no loop left in the bytecode). */
#include "common.h"

RESULTS_MAP(out, 2);

SEC("xdp")
int unrolled_sum(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u16 *w = data;
	__u32 sum = 0, x = 0;
	int i;

	if ((void *)(w + 16) > data_end)
		return XDP_ABORTED;
#pragma unroll
	for (i = 0; i < 16; i++) {
		sum += bpf_ntohs(w[i]);
		x ^= (__u32)w[i] << (i & 7);
	}
	record(&out, 0, sum);
	record(&out, 1, x);
	return XDP_PASS;
}

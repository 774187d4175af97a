// accept
// A loop the compiler keeps as a loop: sums the first bytes of the packet, bounds-checked on
// each iteration.
#include "cases.h"

SEC("xdp")
int sum_bytes(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	__u32 sum = 0;
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 64; i++) {
		if ((void *)(p + i + 1) > data_end)
			break;
		sum += p[i];
	}
	return sum & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

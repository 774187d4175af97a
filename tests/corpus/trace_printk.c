/* bpf_trace_printk (bpf_printk with <= 3 arguments) and bpf_trace_vprintk
 * (more than 3): the return values (bytes formatted) are recorded. */
#include "common.h"

RESULTS_MAP(codes, 3);

SEC("xdp")
int printk_calls(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	record(&codes, 0, bpf_printk("sluice corpus len=%u\n", len));
	record(&codes, 1, bpf_printk("a=%d b=%x c=%s d=%llu\n", -5, 0xbeef, "str", 123456789ULL));
	record(&codes, 2, bpf_printk("no args"));
	return XDP_PASS;
}

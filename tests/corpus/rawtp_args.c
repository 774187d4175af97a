/* A raw tracepoint program run with ctx_in = an array of u64 arguments
 * (test-run accepts up to 12): sums and combines them, records them, and
 * returns the low 32 bits of the sum. */
#include "common.h"

RESULTS_MAP(seen, 6);

SEC("raw_tp/sys_enter")
int rawtp_args(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 a = ctx->args[0], b = ctx->args[1], c = ctx->args[2];

	record(&seen, 0, a);
	record(&seen, 1, b);
	record(&seen, 2, c);
	record(&seen, 3, a + b + c);
	record(&seen, 4, a * b - c);
	record(&seen, 5, (__s64)b >> 3);
	return (__u32)(a + b + c);
}

/* BPF_PROG_TYPE_SYSCALL with a ctx_in struct: the program reads its
 * arguments, writes results back into the context (test-run copies the
 * context back to user space) and into a map. Returns a + b. */
#include "common.h"

struct args {
	__u32 a;
	__u32 b;
	__u64 c;
	__s64 out_sum;
	__s64 out_prod;
	char name[8];
};

RESULTS_MAP(seen, 4);

SEC("syscall")
int syscall_args(struct args *ctx)
{
	ctx->out_sum = (__s64)ctx->a + ctx->b + ctx->c;
	ctx->out_prod = (__s64)ctx->a * ctx->b;
	record(&seen, 0, ctx->c);
	record(&seen, 1, ctx->name[0]);
	ctx->name[7] = '!';
	record(&seen, 2, ctx->out_sum);
	return ctx->a + ctx->b;
}

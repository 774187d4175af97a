/* BPF_MAP_TYPE_STACK_TRACE + bpf_get_stackid from a raw tracepoint program
 * (test-run calls it directly from the bpf() syscall). The stack ids and the
 * traces are kernel addresses, so only facts are compared: both ids >= 0 (the second
 * call uses BPF_F_REUSE_STACKID so a bucket collision cannot give -EEXIST; the
 * first frame is an address inside the JITed program, so two call sites give
 * two different traces and ids), bad flags give -EINVAL, and bpf_get_stack
 * fills a buffer with whole u64 frames. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 256);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 16 * sizeof(__u64));
} stacks SEC(".maps");

RESULTS_MAP(facts, 4);
RESULTS_MAP(raw_ids, 3);

SEC("raw_tp/sys_enter")
int stack_id(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 buf[16];
	long id1, id2, n;

	id1 = bpf_get_stackid(ctx, &stacks, 0);
	id2 = bpf_get_stackid(ctx, &stacks, BPF_F_REUSE_STACKID);
	n = bpf_get_stack(ctx, buf, sizeof(buf), 0);
	record(&raw_ids, 0, id1);
	record(&raw_ids, 1, n);
	record(&raw_ids, 2, id2);
	record(&facts, 0, id1 >= 0);
	record(&facts, 1, id2 >= 0);
	record(&facts, 2, n > 0 && n % 8 == 0);
	record(&facts, 3, bpf_get_stackid(ctx, &stacks, 1ULL << 20 /* bad flag */));
	return 0;
}

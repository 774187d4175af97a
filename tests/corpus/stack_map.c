/* BPF_MAP_TYPE_STACK (LIFO, 4 slots): push until full (-E2BIG), push with
 * BPF_EXIST on a full queue (overwrites the oldest element, as for a queue), peek, pop until empty
 * (-ENOENT). Two values stay on the stack for the final dump. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 4);
	__type(value, __u32);
} st SEC(".maps");

RESULTS_MAP(oplog, 24);

SEC("xdp")
int stack_ops(struct xdp_md *ctx)
{
	__u32 v, i, n = 0;

	for (i = 1; i <= 5; i++) {
		v = i * 10;
		record(&oplog, n++, bpf_map_push_elem(&st, &v, 0));
	}
	v = 60;
	record(&oplog, n++, bpf_map_push_elem(&st, &v, BPF_EXIST));
	v = 0;
	record(&oplog, n++, bpf_map_peek_elem(&st, &v));
	record(&oplog, n++, v);
	for (i = 0; i < 5; i++) {
		v = 0;
		record(&oplog, n++, bpf_map_pop_elem(&st, &v));
		record(&oplog, n++, v);
	}
	v = 0;
	record(&oplog, n++, bpf_map_peek_elem(&st, &v));
	v = 70;
	record(&oplog, n++, bpf_map_push_elem(&st, &v, BPF_ANY));
	v = 80;
	record(&oplog, n++, bpf_map_push_elem(&st, &v, 4 /* bad flag */));
	v = 90;
	record(&oplog, n++, bpf_map_push_elem(&st, &v, 0));
	return XDP_PASS;
}

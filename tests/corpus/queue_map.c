/* BPF_MAP_TYPE_QUEUE (FIFO, 4 slots): push until full (-E2BIG), push with
 * BPF_EXIST on a full queue (drops the oldest), peek, pop until empty
 * (-ENOENT). Two values stay in the queue for the final dump. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 4);
	__type(value, __u32);
} q SEC(".maps");

RESULTS_MAP(oplog, 24);

SEC("xdp")
int queue_ops(struct xdp_md *ctx)
{
	__u32 v, i, n = 0;

	for (i = 1; i <= 5; i++) {
		v = i * 10;
		record(&oplog, n++, bpf_map_push_elem(&q, &v, 0));
	}
	v = 60;
	record(&oplog, n++, bpf_map_push_elem(&q, &v, BPF_EXIST));
	v = 0;
	record(&oplog, n++, bpf_map_peek_elem(&q, &v));
	record(&oplog, n++, v);
	for (i = 0; i < 5; i++) {
		v = 0;
		record(&oplog, n++, bpf_map_pop_elem(&q, &v));
		record(&oplog, n++, v);
	}
	v = 0;
	record(&oplog, n++, bpf_map_peek_elem(&q, &v));
	v = 70;
	record(&oplog, n++, bpf_map_push_elem(&q, &v, BPF_ANY));
	v = 80;
	record(&oplog, n++, bpf_map_push_elem(&q, &v, 4 /* bad flag */));
	v = 90;
	record(&oplog, n++, bpf_map_push_elem(&q, &v, 0));
	return XDP_PASS;
}

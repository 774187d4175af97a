/* BPF_MAP_TYPE_RINGBUF with no consumer: reserve+submit, reserve+discard,
 * output, an oversized reserve, and bpf_ringbuf_query; records stay in the
 * ring (discarded ones too until consumed), so repeated runs fill it up and
 * reservations start failing. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

RESULTS_MAP(rb_state, 12);

struct event {
	__u32 len;
	__u32 seq;
	__u64 tag;
};

static __u32 seq;

static __always_inline void add(__u32 i, __s64 d)
{
	__s64 *v = bpf_map_lookup_elem(&rb_state, &i);
	if (v)
		*v += d;
}

SEC("xdp")
int ringbuf_events(struct xdp_md *ctx)
{
	struct event *e;
	struct { __u64 a, b, c; } out = { 1, 2, 3 };
	long r;

	seq++;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->len = ctx->data_end - ctx->data;
		e->seq = seq;
		e->tag = 0x51c3;
		bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
		add(0, 1);
	} else {
		add(1, 1);
	}
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		bpf_ringbuf_discard(e, BPF_RB_NO_WAKEUP);
		add(2, 1);
	} else {
		add(3, 1);
	}
	r = bpf_ringbuf_output(&events, &out, sizeof(out), BPF_RB_NO_WAKEUP);
	if (r == 0)
		add(4, 1);
	else
		record(&rb_state, 5, r);
	/* bigger than the ring: always NULL */
	e = bpf_ringbuf_reserve(&events, 8192, 0);
	if (e)
		bpf_ringbuf_discard(e, 0);
	else
		add(6, 1);
	record(&rb_state, 7, bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA));
	record(&rb_state, 8, bpf_ringbuf_query(&events, BPF_RB_RING_SIZE));
	record(&rb_state, 9, bpf_ringbuf_query(&events, BPF_RB_CONS_POS));
	record(&rb_state, 10, bpf_ringbuf_query(&events, BPF_RB_PROD_POS));
	record(&rb_state, 11, bpf_ringbuf_query(&events, 99));
	return XDP_PASS;
}

/* BPF_MAP_TYPE_PERF_EVENT_ARRAY with no perf event installed:
 * bpf_perf_event_output returns -ENOENT for BPF_F_CURRENT_CPU, -E2BIG for an
 * index past max_entries, -EINVAL for bad flags; the XDP variant can append
 * packet bytes (length in the upper 32 bits of flags). */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(max_entries, 64);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

RESULTS_MAP(codes, 4);

SEC("xdp")
int perf_emit(struct xdp_md *ctx)
{
	struct { __u32 len; __u32 magic; } ev = { ctx->data_end - ctx->data, 0xfeed };

	record(&codes, 0, bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &ev, sizeof(ev)));
	record(&codes, 1, bpf_perf_event_output(ctx, &events, 63, &ev, sizeof(ev)));
	record(&codes, 2, bpf_perf_event_output(ctx, &events, 64, &ev, sizeof(ev)));
	record(&codes, 3, bpf_perf_event_output(ctx, &events,
						 BPF_F_CURRENT_CPU | (14ULL << 32), &ev, sizeof(ev)));
	return XDP_PASS;
}

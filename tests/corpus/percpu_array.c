/* BPF_MAP_TYPE_PERCPU_ARRAY: packets and bytes on the running CPU; an
 * out-of-range lookup must return NULL. */
#include "common.h"

struct stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct stats);
} pcpu_stats SEC(".maps");

SEC("xdp")
int percpu_count(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u32 key = len & 3;
	__u32 bad = 4;
	struct stats *s;

	s = bpf_map_lookup_elem(&pcpu_stats, &key);
	if (!s)
		return XDP_ABORTED;
	s->packets++;
	s->bytes += len;
	/* out of range: NULL; count it in slot 0's bytes as a marker */
	if (!bpf_map_lookup_elem(&pcpu_stats, &bad)) {
		key = 0;
		s = bpf_map_lookup_elem(&pcpu_stats, &key);
		if (s)
			s->bytes += 1000000;
	}
	return XDP_PASS;
}

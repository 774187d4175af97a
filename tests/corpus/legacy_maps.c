/* Legacy map definitions: `struct bpf_map_def SEC("maps")` (dropped from the
 * libbpf >= 1.0 headers, so the struct is written here). libbpf >= 1.0 — and
 * hence bpftool 7.x — refuses such objects; check-kernel.sh loads this one
 * with testrun.py's minimal loader instead. No BTF for the maps. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct bpf_map_def SEC("maps") legacy_counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 4,
};

struct bpf_map_def SEC("maps") legacy_lens = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
	.max_entries = 8,
};

SEC("xdp")
int legacy_count(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u32 k = len & 3;
	__u64 *v = bpf_map_lookup_elem(&legacy_counts, &k);

	if (v)
		*v += 1;
	bpf_map_update_elem(&legacy_lens, &len, &k, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

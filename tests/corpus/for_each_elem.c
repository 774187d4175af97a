/* bpf_for_each_map_elem over an array (sum of values, stopping early when a
 * value is 0xdead) and over a hash map (count and key sum); the helper returns
 * the number of elements visited. Initial values come from maps_before. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} table SEC(".maps");

RESULTS_MAP(out, 6);

struct bpf_map;

struct acc {
	__u64 sum;
	__u64 keys;
};

static long sum_cb(struct bpf_map *map, __u32 *key, __u64 *val, struct acc *a)
{
	if (*val == 0xdead)
		return 1;
	a->sum += *val;
	a->keys += *key;
	return 0;
}

static long bump_cb(struct bpf_map *map, __u32 *key, __u64 *val, void *unused)
{
	*val += 1; /* callbacks may write array values */
	return 0;
}

SEC("xdp")
int sum_array(struct xdp_md *ctx)
{
	struct acc a = {}, h = {};

	record(&out, 0, bpf_for_each_map_elem(&values, sum_cb, &a, 0));
	record(&out, 1, a.sum);
	record(&out, 2, bpf_for_each_map_elem(&table, sum_cb, &h, 0));
	record(&out, 3, h.sum);
	record(&out, 4, h.keys);
	record(&out, 5, bpf_for_each_map_elem(&table, bump_cb, 0, 0));
	return XDP_PASS;
}

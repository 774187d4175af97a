/* BPF_MAP_TYPE_ARRAY: what update/delete return for an array (NOEXIST is
 * always -EEXIST, delete is -EINVAL, out-of-range keys -E2BIG, BPF_F_LOCK
 * without a lock -EINVAL). */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

RESULTS_MAP(codes, 12);

SEC("xdp")
int array_update_codes(struct xdp_md *ctx)
{
	__u32 k = 1;
	__u64 v = 0x1122334455667788ULL;

	record(&codes, 0, bpf_map_update_elem(&arr, &k, &v, BPF_ANY));
	record(&codes, 1, bpf_map_update_elem(&arr, &k, &v, BPF_NOEXIST));
	v = 42;
	record(&codes, 2, bpf_map_update_elem(&arr, &k, &v, BPF_EXIST));
	record(&codes, 3, bpf_map_delete_elem(&arr, &k));
	k = 4;
	record(&codes, 4, bpf_map_update_elem(&arr, &k, &v, BPF_ANY));
	record(&codes, 5, bpf_map_lookup_elem(&arr, &k) != 0);
	k = 0xffffffff;
	record(&codes, 6, bpf_map_lookup_elem(&arr, &k) != 0);
	k = 2;
	record(&codes, 7, bpf_map_update_elem(&arr, &k, &v, BPF_F_LOCK));
	record(&codes, 8, bpf_map_update_elem(&arr, &k, &v, 8));
	k = 3;
	v = 7;
	record(&codes, 9, bpf_map_update_elem(&arr, &k, &v, BPF_EXIST));
	return XDP_PASS;
}

/* BPF_MAP_TYPE_HASH: return codes of update (BPF_ANY/NOEXIST/EXIST, bad
 * flags, map full) and delete, recorded into an array. Run twice: the second
 * run sees the state the first left behind. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} h SEC(".maps");

RESULTS_MAP(codes, 32);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} run_no SEC(".maps");

SEC("tc")
int hash_update_codes(struct __sk_buff *skb)
{
	__u32 zero = 0, *runp = bpf_map_lookup_elem(&run_no, &zero);
	__u32 base, k;
	__u64 v;
	__u64 *p;

	if (!runp)
		return TC_ACT_SHOT;
	base = (*runp & 1) * 16;
	*runp += 1;

	k = 1; v = 100;
	record(&codes, base + 0, bpf_map_update_elem(&h, &k, &v, BPF_NOEXIST));
	v = 101;
	record(&codes, base + 1, bpf_map_update_elem(&h, &k, &v, BPF_NOEXIST));
	k = 2; v = 200;
	record(&codes, base + 2, bpf_map_update_elem(&h, &k, &v, BPF_EXIST));
	k = 1; v = 102;
	record(&codes, base + 3, bpf_map_update_elem(&h, &k, &v, BPF_EXIST));
	record(&codes, base + 4, bpf_map_update_elem(&h, &k, &v, 7 /* bad flags */));
	k = 2;
	record(&codes, base + 5, bpf_map_delete_elem(&h, &k));
	k = 3; v = 300;
	record(&codes, base + 6, bpf_map_update_elem(&h, &k, &v, BPF_ANY));
	k = 4; v = 400;
	record(&codes, base + 7, bpf_map_update_elem(&h, &k, &v, BPF_ANY));
	k = 5; v = 500;
	record(&codes, base + 8, bpf_map_update_elem(&h, &k, &v, BPF_ANY));
	k = 6; v = 600;
	/* fifth key in a 4-entry map: -E2BIG */
	record(&codes, base + 9, bpf_map_update_elem(&h, &k, &v, BPF_ANY));
	/* replacing an existing key in a full map still works */
	k = 5; v = 501;
	record(&codes, base + 10, bpf_map_update_elem(&h, &k, &v, BPF_ANY));
	k = 3;
	record(&codes, base + 11, bpf_map_delete_elem(&h, &k));
	record(&codes, base + 12, bpf_map_delete_elem(&h, &k));
	k = 1;
	p = bpf_map_lookup_elem(&h, &k);
	record(&codes, base + 13, p ? (__s64)*p : -1);
	k = 3;
	p = bpf_map_lookup_elem(&h, &k);
	record(&codes, base + 14, p ? (__s64)*p : -1);
	return TC_ACT_OK;
}

// reject: map_value_access at 20
// kernel-says: invalid access to map value
// A static function returns 4 or 100 depending on the packet; the caller uses the result as
// an offset into an 8-byte map value. The function's result is exact at its exit (it is an
// offset after the call), so the path returning 100 is not merged with the one returning 4.
#include "cases.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} table SEC(".maps");

static __attribute__((noinline)) int pick(__u32 x)
{
	int offset = 100;
	if (x & 1)
		offset = 4;
	return offset;
}

SEC("xdp")
int index_value(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	if (data + 1 > data_end)
		return 0;
	__u32 key = 0;
	__u8 *value = bpf_map_lookup_elem(&table, &key);
	if (!value)
		return 0;
	int offset = pick(*(__u8 *)data);
	asm volatile("" : "+r"(offset));
	return value[offset];
}

char LICENSE[] SEC("license") = "GPL";

/* Map helpers the JIT does without its helper trampoline (an inline array lookup, direct
 * calls for hash maps and array updates), at the edges: indices around max_entries, missing
 * keys, updates with each flag, deletes. The packet's byte 14 picks the index and key; the
 * result packs every helper's answer, so the engines must agree on all of them. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} hash SEC(".maps");

SEC("xdp")
int direct_maps(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	if (data + 15 > data_end)
		return 0;
	__u32 byte = *(__u8 *)(data + 14);
	__u32 result = 0;

	/* array: the index byte & 7 reaches past the 5 entries */
	__u32 index = byte & 7;
	__u64 *slot = bpf_map_lookup_elem(&array, &index);
	if (slot) {
		*slot += index + 1;
		result |= (__u32)(*slot & 0xf) << 0;
	} else {
		result |= 0xf;
	}
	__u64 fresh = byte;
	long err = bpf_map_update_elem(&array, &index, &fresh, BPF_NOEXIST);
	result |= (__u32)(err & 0xff) << 4;

	/* hash: key byte & 3 or 7, insert, update, lookup, delete */
	__u32 key = byte & 7;
	__u64 value = byte * 3;
	err = bpf_map_update_elem(&hash, &key, &value, BPF_NOEXIST);
	result |= (__u32)(err & 0xff) << 12;
	err = bpf_map_update_elem(&hash, &key, &value, BPF_EXIST);
	result |= (__u32)(err & 0xff) << 20;
	__u64 *found = bpf_map_lookup_elem(&hash, &key);
	result ^= found ? (__u32)*found << 8 : 0xdead;
	if (byte & 8) {
		err = bpf_map_delete_elem(&hash, &key);
		result ^= (__u32)(err & 0xff) << 24;
	}
	return result;
}

char LICENSE[] SEC("license") = "GPL";

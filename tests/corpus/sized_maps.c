/* BTF-defined maps whose key and value are given by size only
 * (__uint(key_size, ..), __uint(value_size, ..)): no key/value BTF types.
 * A hash keyed by the 6-byte source MAC and an array of 12-byte values. */
#include "common.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__uint(key_size, 6);
	__uint(value_size, 8);
} by_mac SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, 4);
	__uint(value_size, 12);
} last_hdr SEC(".maps");

SEC("xdp")
int sized_keys(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u8 mac[6];
	__u64 one = 1, *v;
	__u32 k = 0;
	void *hdr;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	__builtin_memcpy(mac, eth->h_source, 6);
	v = bpf_map_lookup_elem(&by_mac, mac);
	if (v)
		*v += 1;
	else
		bpf_map_update_elem(&by_mac, mac, &one, BPF_ANY);
	hdr = bpf_map_lookup_elem(&last_hdr, &k);
	if (hdr)
		__builtin_memcpy(hdr, eth, 12);
	return XDP_PASS;
}

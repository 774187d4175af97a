/* A socket filter an unprivileged user may load: it indexes a map value with a byte of the
 * packet, which the verifier has the JIT mask against Spectre v1 (alu_sanitize), and mixes in
 * constants, which constant blinding hides. Every engine and every JIT option must give the
 * same result. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[16]);
} table SEC(".maps");

SEC("socket")
int masked_index(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u8 *value = bpf_map_lookup_elem(&table, &key);
	if (!value)
		return 0;
	__u8 byte = 0;
	if (bpf_skb_load_bytes(skb, 14, &byte, 1) < 0)
		return 1;
	__u32 index = byte & 15;
	__u32 picked = value[index];
	/* constants for the blinding to hide */
	return (picked * 0x01000193 + 0x5eed1234) ^ 0x0bad0bad;
}

char LICENSE[] SEC("license") = "GPL";

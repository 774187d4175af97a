// Benchmark program: 64 hash map lookups per run, summing the values found.
// The map is filled from user space with keys 0..1023 before the benchmark. Rebuild: ./build.sh
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1024);
} table SEC(".maps");

SEC("xdp")
int lookups(struct xdp_md *ctx)
{
	__u64 sum = 0;
	for (__u32 i = 0; i < 64; i++) {
		__u32 key = (i * 37) & 1023;
		__u64 *value = bpf_map_lookup_elem(&table, &key);
		if (value)
			sum += *value;
	}
	return sum & 1 ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";

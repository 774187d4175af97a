// src_counter: counts frames and bytes per IPv4 source address in a hash map, and passes every
// frame.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct counters {
	__u64 frames;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32); /* source address, network order */
	__type(value, struct counters);
} by_source SEC(".maps");

SEC("xdp")
int src_counter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	__u32 source = ip->saddr;
	__u64 len = data_end - data;
	struct counters *counters = bpf_map_lookup_elem(&by_source, &source);
	if (counters) {
		__sync_fetch_and_add(&counters->frames, 1);
		__sync_fetch_and_add(&counters->bytes, len);
	} else {
		struct counters fresh = { .frames = 1, .bytes = len };
		bpf_map_update_elem(&by_source, &source, &fresh, BPF_NOEXIST);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

// router: an IPv4 router on an LPM trie. Routes come from user space (`sluice run
// --map-init examples/router_routes.json`, as `bpftool map update` would fill them): prefix ->
// next hop (egress interface and the next hop's MAC address). A frame to a routed destination
// gets the next hop's MAC as destination, the router's MAC as source, its TTL decremented with
// the IPv4 checksum updated incrementally (RFC 1624), is counted per egress interface, and
// leaves through bpf_redirect (XDP_REDIRECT). Without a route, or not IPv4, it goes up the
// stack (XDP_PASS); with a TTL of 1 or less it is dropped (XDP_DROP).
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct route_key {
	__u32 prefixlen;
	__u32 addr; /* network order */
};

struct next_hop {
	__u32 ifindex;
	__u8 mac[ETH_ALEN];
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 1024);
	__type(key, struct route_key);
	__type(value, struct next_hop);
} routes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32); /* egress ifindex */
	__type(value, __u64);
} forwarded SEC(".maps");

static const __u8 router_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xfe };

SEC("xdp")
int router(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl < 5)
		return XDP_PASS;
	struct route_key key = { .prefixlen = 32, .addr = ip->daddr };
	struct next_hop *hop = bpf_map_lookup_elem(&routes, &key);
	if (!hop)
		return XDP_PASS;
	if (ip->ttl <= 1)
		return XDP_DROP;
	__builtin_memcpy(eth->h_dest, hop->mac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, router_mac, ETH_ALEN);
	/* TTL is the high byte of its 16-bit word: the word drops by 0x0100, the checksum
	 * (one's complement) rises by as much. */
	ip->ttl--;
	__u32 check = (__u32)ip->check + bpf_htons(0x0100);
	ip->check = (__u16)(check + (check >> 16));
	__u32 egress = hop->ifindex;
	__u64 *count = bpf_map_lookup_elem(&forwarded, &egress);
	if (count) {
		__sync_fetch_and_add(count, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&forwarded, &egress, &one, BPF_NOEXIST);
	}
	return bpf_redirect(egress, 0);
}

char LICENSE[] SEC("license") = "GPL";

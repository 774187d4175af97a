// load_balancer: an L4 load balancer for TCP to a virtual IP (10.0.0.1, ports 80 and 8080).
// Each such frame goes to one of the backends in `backends` (global data in .rodata, which user
// space may change before loading, as with a libbpf skeleton), picked by a hash (jhash, as the
// kernel's) of the 5-tuple, so that every frame of a connection goes to the same backend. The
// frame gets the backend's address as destination IP and its MAC as destination MAC (the
// balancer's own MAC, the frame's old destination, becomes the source), the IPv4 header and TCP
// checksums are updated incrementally (RFC 1624), it is counted per backend in `stats`, and it
// leaves through the interface it came in on (XDP_TX). Everything else passes (XDP_PASS): other
// addresses, ports and protocols, fragments, non-IPv4 frames, frames too short for their headers.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define VIP 0x0a000001 /* 10.0.0.1 */
#define BACKENDS 4
#define IP_MF 0x2000     /* more fragments */
#define IP_OFFSET 0x1fff /* fragment offset */

struct backend {
	__be32 addr;
	__u8 mac[ETH_ALEN];
	__u16 pad;
};

const volatile struct backend backends[BACKENDS] = {
	{ .addr = __bpf_constant_htonl(0x0a00010b), .mac = { 0x02, 0, 0, 0, 0x01, 0x0b } },
	{ .addr = __bpf_constant_htonl(0x0a00010c), .mac = { 0x02, 0, 0, 0, 0x01, 0x0c } },
	{ .addr = __bpf_constant_htonl(0x0a00010d), .mac = { 0x02, 0, 0, 0, 0x01, 0x0d } },
	{ .addr = __bpf_constant_htonl(0x0a00010e), .mac = { 0x02, 0, 0, 0, 0x01, 0x0e } },
};

struct counters {
	__u64 frames;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BACKENDS);
	__type(key, __u32); /* backend index */
	__type(value, struct counters);
} stats SEC(".maps");

static __always_inline __u32 rol32(__u32 word, unsigned int shift)
{
	return (word << shift) | (word >> (32 - shift));
}

/* jhash_3words() of the kernel's <linux/jhash.h>. */
static __always_inline __u32 jhash_3words(__u32 a, __u32 b, __u32 c, __u32 initval)
{
	initval += 0xdeadbeef + (3 << 2);
	a += initval;
	b += initval;
	c += initval;
	c ^= b; c -= rol32(b, 14);
	a ^= c; a -= rol32(c, 11);
	b ^= a; b -= rol32(a, 25);
	c ^= b; c -= rol32(b, 16);
	a ^= c; a -= rol32(c, 4);
	b ^= a; b -= rol32(a, 14);
	c ^= b; c -= rol32(b, 24);
	return c;
}

/* RFC 1624, eqn. 3: HC' = ~(~HC + ~m + m'), for a 32-bit field of the checksummed data that goes
 * from `from` to `to`; all three as they lie in the frame (the sum does not depend on the byte
 * order, as long as it is the same for all). */
static __always_inline __u16 csum_replace4(__u16 check, __u32 from, __u32 to)
{
	__u32 sum = (__u16)~check;
	sum += (__u16)~from + (__u16)(~from >> 16);
	sum += (__u16)to + (to >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

SEC("xdp")
int load_balancer(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl < 5)
		return XDP_PASS;
	if (ip->daddr != bpf_htonl(VIP) || ip->protocol != IPPROTO_TCP ||
	    (ip->frag_off & bpf_htons(IP_MF | IP_OFFSET)))
		return XDP_PASS;
	struct tcphdr *tcp = (void *)ip + ip->ihl * 4;
	if ((void *)(tcp + 1) > data_end)
		return XDP_PASS;
	if (tcp->dest != bpf_htons(80) && tcp->dest != bpf_htons(8080))
		return XDP_PASS;

	/* The ports as one word, as they lie in the frame (source first). */
	__u32 ports = (__u32)tcp->source | (__u32)tcp->dest << 16;
	__u32 index = jhash_3words(ip->saddr, ip->daddr, ports, IPPROTO_TCP) % BACKENDS;
	const volatile struct backend *backend = &backends[index];

	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	for (int i = 0; i < ETH_ALEN; i++)
		eth->h_dest[i] = backend->mac[i];
	__u32 from = ip->daddr;
	__u32 to = backend->addr;
	ip->daddr = to;
	/* The TCP checksum covers the destination address through the pseudo-header. */
	ip->check = csum_replace4(ip->check, from, to);
	tcp->check = csum_replace4(tcp->check, from, to);

	struct counters *counters = bpf_map_lookup_elem(&stats, &index);
	if (counters) {
		__sync_fetch_and_add(&counters->frames, 1);
		__sync_fetch_and_add(&counters->bytes, data_end - data);
	}
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";

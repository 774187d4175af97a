// dns_parser: a DNS query filter. IPv4 UDP frames to port 53 that hold a standard query (QR 0,
// opcode QUERY, one question) are parsed: the question's name is walked label by label (a
// bounded loop), then its QTYPE is read. Each query is counted per QTYPE in `qtypes` and per
// domain (the name's last two labels, lower case, dotted, cut to 31 bytes; "." for the root) in
// `domains`. Queries in the blocked domain (blocked.example and every name under it, in any
// letter case) and queries of type ANY (255, an amplification favourite, RFC 8482) are dropped
// (XDP_DROP). Everything else passes, uncounted when it is no query: other frames, responses,
// queries cut short, names that are compressed (not in a question), longer than 255 bytes or
// of more than 32 labels.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define DNS_PORT 53
#define MAX_LABELS 32
#define MAX_NAME 255   /* bytes of a name, length bytes and the final zero included */
#define DOMAIN_LEN 32  /* bytes of a domain key, its NUL included */
#define QTYPE_ANY 255
#define IP_MF 0x2000     /* more fragments */
#define IP_OFFSET 0x1fff /* fragment offset */

struct dnshdr {
	__be16 id;
	__be16 flags;
	__be16 qdcount;
	__be16 ancount;
	__be16 nscount;
	__be16 arcount;
};

#define DNS_QR 0x8000     /* a response */
#define DNS_OPCODE 0x7800 /* 0: QUERY */

struct domain {
	char name[DOMAIN_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u16);   /* QTYPE, host order */
	__type(value, __u64); /* queries */
} qtypes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct domain);
	__type(value, __u64); /* queries */
} domains SEC(".maps");

static const char blocked_domain[] = "blocked.example";

static __always_inline void count(void *map, const void *key)
{
	__u64 *count = bpf_map_lookup_elem(map, key);
	if (count) {
		__sync_fetch_and_add(count, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(map, key, &one, BPF_NOEXIST);
	}
}

SEC("xdp")
int dns_parser(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl < 5)
		return XDP_PASS;
	if (ip->protocol != IPPROTO_UDP || (ip->frag_off & bpf_htons(IP_MF | IP_OFFSET)))
		return XDP_PASS;
	struct udphdr *udp = (void *)ip + ip->ihl * 4;
	if ((void *)(udp + 1) > data_end || udp->dest != bpf_htons(DNS_PORT))
		return XDP_PASS;
	struct dnshdr *dns = (void *)(udp + 1);
	if ((void *)(dns + 1) > data_end)
		return XDP_PASS;
	if ((dns->flags & bpf_htons(DNS_QR | DNS_OPCODE)) || dns->qdcount != bpf_htons(1))
		return XDP_PASS;

	/* The name: labels, each a length byte (at most 63; 0xc0 and up would be a compression
	 * pointer) and as many bytes, up to a zero length. `off` ends on that zero; `last` and
	 * `prev` are where the last two labels start. */
	__u8 *name = (void *)(dns + 1);
	__u32 off = 0, last = 0, prev = 0, labels = 0;
	for (int i = 0; i <= MAX_LABELS; i++) {
		if (off > MAX_NAME - 1)
			return XDP_PASS;
		if ((void *)(name + off + 1) > data_end)
			return XDP_PASS;
		__u8 len = name[off];
		if (len == 0)
			break;
		if (len > 63 || i == MAX_LABELS)
			return XDP_PASS;
		prev = last;
		last = off;
		off += len + 1;
		labels++;
	}
	__u8 *question = name + off + 1; /* QTYPE, QCLASS */
	if ((void *)(question + 4) > data_end)
		return XDP_PASS;
	__u16 qtype = (__u16)question[0] << 8 | question[1];

	/* The domain: from the length byte of the second last label (of the last one when there
	 * is only one) to the end, the length byte between the two labels as a dot. */
	struct domain domain = {};
	if (labels == 0) {
		domain.name[0] = '.';
	} else {
		__u32 start = (labels >= 2 ? prev : last) + 1;
		for (int j = 0; j < DOMAIN_LEN - 1; j++) {
			__u32 pos = start + j;
			if (pos >= off || pos > MAX_NAME)
				break;
			if ((void *)(name + pos + 1) > data_end)
				break;
			__u8 c = name[pos];
			if (labels >= 2 && pos == last)
				c = '.';
			else if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			domain.name[j] = c;
		}
	}
	count(&qtypes, &qtype);
	count(&domains, &domain);

	if (qtype == QTYPE_ANY)
		return XDP_DROP;
	for (int k = 0; k < sizeof(blocked_domain); k++)
		if (domain.name[k] != blocked_domain[k])
			return XDP_PASS;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

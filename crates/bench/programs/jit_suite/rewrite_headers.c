// rewrite_headers: turns a TCP/IPv4 segment around, as a reflector does. The packet is an
// Ethernet frame with an IPv4 header (any IHL) and a TCP segment whose length comes from the
// IPv4 total length (the benchmark uses a 3300-byte frame). The program checks the IPv4
// header checksum and the TCP checksum of the segment (XDP_DROP if either is wrong), swaps
// the Ethernet addresses, the IPv4 addresses and the TCP ports, sets the TTL to 64, computes
// both checksums again and returns XDP_TX. Checksums are summed from scratch over the
// pseudo-header and the whole segment, in a global function the verifier checks once. Frames
// that are not a well-formed TCP/IPv4 (IHL, lengths, all inside the packet) are left alone:
// XDP_PASS. The packet comes back rewritten.
#include "suite.h"

#define MAX_SEGMENT 3400

/* The 16-bit one's complement sum (not folded) of `len` bytes at `off` in the packet, the
 * last odd byte padded with a zero byte; 1 << 63 if they are not all inside the packet. */
SUITE_GLOBAL_FUNC __u64 sum_words(SUITE_CTX *ctx, __u32 off, __u32 len)
{
	const unsigned char *data = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (off > 64 || len > MAX_SEGMENT)
		return 1ull << 63;
	const unsigned char *start = data + off;
	__u64 sum = 0;
	for (__u32 i = 0; i < MAX_SEGMENT; i += 2) {
		if (i + 1 >= len)
			break;
		const unsigned char *word = start + i;
		if (word + 2 > data_end)
			return 1ull << 63;
		sum += suite_load16(word);
	}
	if (len & 1) {
		__u32 index = len - 1;
		/* the barrier keeps the compiler from folding the - 1 into the access (which the
		 * verifier would refuse as a negative offset); the mask, a no-op as len is at most
		 * MAX_SEGMENT, gives the verifier back the bound the barrier hides */
		SUITE_OPAQUE(index);
		const unsigned char *last = start + (index & 4095);
		if (last + 1 > data_end)
			return 1ull << 63;
		sum += *last;
	}
	return sum;
}

static __always_inline __u16 fold(__u64 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

/* The sum of the TCP pseudo-header: addresses, protocol and segment length. */
static __always_inline __u64 pseudo_header(const unsigned char *ip, __u32 seg_len)
{
	return (__u64)suite_load16(ip + 12) + suite_load16(ip + 14) + suite_load16(ip + 16) +
	       suite_load16(ip + 18) + bpf_htons(6) + bpf_htons((__u16)seg_len);
}

SUITE_PROGRAM(rewrite_headers)
{
	unsigned char *data = SUITE_DATA(ctx);
	unsigned char *data_end = SUITE_DATA_END(ctx);
	if (data + 14 + 20 > data_end)
		return XDP_PASS;
	if (bpf_ntohs(suite_load16(data + 12)) != 0x0800)
		return XDP_PASS;
	unsigned char *ip = data + 14;
	__u32 ihl = (ip[0] & 0xf) * 4;
	if (ip[0] >> 4 != 4 || ihl < 20 || ip[9] != 6)
		return XDP_PASS;
	__u32 tot_len = bpf_ntohs(suite_load16(ip + 2));
	if (tot_len < ihl + 20 || tot_len - ihl > MAX_SEGMENT)
		return XDP_PASS;
	unsigned char *tcp = ip + ihl;
	if (tcp + 20 > data_end)
		return XDP_PASS;
	if ((void *)(ip + tot_len) > (void *)data_end)
		return XDP_PASS;
	__u32 seg_len = tot_len - ihl;

	/* check the checksums the frame arrived with */
	__u64 sum = sum_words(ctx, 14, ihl);
	if (sum >> 63)
		return XDP_ABORTED;
	if (fold(sum) != 0)
		return XDP_DROP;
	__u64 segment = sum_words(ctx, 14 + ihl, seg_len);
	if (segment >> 63)
		return XDP_ABORTED;
	sum = pseudo_header(ip, seg_len) + segment;
	if (fold(sum) != 0)
		return XDP_DROP;

	/* swap the Ethernet addresses */
	for (int i = 0; i < 6; i++) {
		__u8 t = data[i];
		data[i] = data[6 + i];
		data[6 + i] = t;
	}
	/* swap the IPv4 addresses and the TCP ports */
	__u32 saddr = suite_load32(ip + 12);
	suite_store32(ip + 12, suite_load32(ip + 16));
	suite_store32(ip + 16, saddr);
	__u16 sport = suite_load16(tcp);
	suite_store16(tcp, suite_load16(tcp + 2));
	suite_store16(tcp + 2, sport);

	/* TTL and the IPv4 header checksum */
	ip[8] = 64;
	suite_store16(ip + 10, 0);
	sum = sum_words(ctx, 14, ihl);
	if (sum >> 63)
		return XDP_ABORTED;
	suite_store16(ip + 10, fold(sum));

	/* the TCP checksum: pseudo-header, then the segment with the checksum field zeroed */
	suite_store16(tcp + 16, 0);
	segment = sum_words(ctx, 14 + ihl, seg_len);
	if (segment >> 63)
		return XDP_ABORTED;
	suite_store16(tcp + 16, fold(pseudo_header(ip, seg_len) + segment));
	return XDP_TX;
}

SUITE_LICENSE;

// parse_packets: an XDP-style parser of Ethernet / IPv4 / TCP headers applied to a batch of
// 36 frames, each in its own 96-byte slot of the packet (3456 bytes). The parser is split
// into global functions (parse_frame, ipv4_header_len, tcp_options), which the verifier checks
// once each; every header read is bounds-checked, against the slot and against data_end.
// For each frame it computes an XDP verdict v and a digest d:
//   - up to two VLAN tags (0x8100, 0x88a8) are skipped; any EtherType but IPv4: PASS, d = it
//   - malformed IPv4 (version, IHL, header past the slot, header checksum, total length
//     shorter than the header or past the slot): DROP, d = 1
//   - a fragment (MF or a fragment offset): PASS, d = 2; not TCP: PASS, d = the protocol
//   - TCP header shorter than 20 bytes or past the IPv4 total length: DROP, d = 3; malformed
//     options (length below 2 or past the header): DROP, d = 4
//   - the options give MSS (kind 2, length 4), window scale (kind 3, length 3) and the
//     timestamp value (kind 8, length 10); kind 0 ends them, kind 1 is one byte of padding;
//     the parser looks at 16 options (padding bytes included) at most
//   - destination port 23: DROP, d = 5; a SYN without ACK announcing an MSS below 536: DROP,
//     d = 6; destination port 7: TX, otherwise PASS; for these d = sport ^ dport << 16 ^ mss
//     ^ wscale << 24 ^ tsval (ports and values in host order, absent options count as 0)
// A frame whose EtherType field is past the slot would be ABORTED with d = 0 (cannot happen).
// Returns acc after acc = acc * 31 + (d ^ v << 28) for each frame in order.
#include "suite.h"

#define SLOT 96
#define FRAMES 36
#define MAX_OPTION_STEPS 16
#define OPTIONS_BAD (1ull << 63)

/* A pointer to `size` bytes at `off` in slot `frame`, or NULL if they are not all inside it. */
static __always_inline const unsigned char *field(SUITE_CTX *ctx, __u32 frame, __u32 off,
						  __u32 size)
{
	const unsigned char *data = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (frame >= FRAMES || off > SLOT || off + size > SLOT)
		return 0;
	/* frame < FRAMES <= 64, but the mask lets the verifier see the bound wherever the
	 * compiler computes the address; the barrier keeps the compiler from dropping it */
	SUITE_OPAQUE(frame);
	const unsigned char *p = data + (frame & 63) * SLOT + off;
	/* clang may re-test this comparison where the caller tests the result for NULL; the
	 * verifiers decide the re-test from what this one proved (AT_PKT_END) */
	if (p + size > data_end)
		return 0;
	return p;
}

/* The length of the valid IPv4 header at `l3` in slot `frame`, 0 if it is malformed. */
SUITE_GLOBAL_FUNC __u32 ipv4_header_len(SUITE_CTX *ctx, __u32 frame, __u32 l3)
{
	if (l3 > SLOT)
		return 0;
	const unsigned char *ip = field(ctx, frame, l3, 20);
	if (!ip)
		return 0;
	__u32 version = ip[0] >> 4, ihl = (ip[0] & 0xf) * 4;
	if (version != 4 || ihl < 20)
		return 0;
	__u64 sum = 0;
	for (__u32 i = 0; i < 60; i += 2) {
		if (i >= ihl)
			break;
		const unsigned char *word = field(ctx, frame, l3 + i, 2);
		if (!word)
			return 0;
		sum += suite_load16(word);
	}
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	if (sum != 0xffff)
		return 0;
	__u32 tot_len = bpf_ntohs(suite_load16(ip + 2));
	if (tot_len < ihl || l3 + tot_len > SLOT)
		return 0;
	return ihl;
}

/* The TCP options of the header at `l4` (doff bytes long) in slot `frame`: mss | wscale << 16
 * | tsval << 24, or OPTIONS_BAD if they are malformed. */
SUITE_GLOBAL_FUNC __u64 tcp_options(SUITE_CTX *ctx, __u32 frame, __u32 l4, __u32 doff)
{
	if (l4 > SLOT || doff > 60)
		return OPTIONS_BAD;
	__u64 mss = 0, wscale = 0, tsval = 0;
	__u32 opt = 20;
	for (int step = 0; step < MAX_OPTION_STEPS; step++) {
		if (opt >= doff)
			break;
		const unsigned char *p = field(ctx, frame, l4 + opt, 2);
		if (!p) {
			/* a last single byte: only padding or the end may be there */
			p = field(ctx, frame, l4 + opt, 1);
			if (p && (*p == 0 || *p == 1))
				break;
			return OPTIONS_BAD;
		}
		__u8 kind = p[0];
		if (kind == 0)
			break;
		if (kind == 1) {
			opt++;
			continue;
		}
		__u32 len = p[1];
		if (len < 2 || opt + len > doff)
			return OPTIONS_BAD;
		if (kind == 2 && len == 4) {
			p = field(ctx, frame, l4 + opt + 2, 2);
			if (!p)
				return OPTIONS_BAD;
			mss = bpf_ntohs(suite_load16(p));
		} else if (kind == 3 && len == 3) {
			p = field(ctx, frame, l4 + opt + 2, 1);
			if (!p)
				return OPTIONS_BAD;
			wscale = *p;
		} else if (kind == 8 && len == 10) {
			p = field(ctx, frame, l4 + opt + 2, 4);
			if (!p)
				return OPTIONS_BAD;
			tsval = bpf_ntohl(suite_load32(p));
		}
		opt += len;
	}
	return mss | wscale << 16 | tsval << 24;
}

#define VERDICT(v, d) (((__u32)(v) << 28) ^ (__u32)(d))

/* The verdict and digest of the frame in slot `frame`, as VERDICT(v, d). */
SUITE_GLOBAL_FUNC __u32 parse_frame(SUITE_CTX *ctx, __u32 frame)
{
	const unsigned char *p = field(ctx, frame, 12, 2);
	if (!p)
		return VERDICT(XDP_ABORTED, 0);
	__u16 proto = bpf_ntohs(suite_load16(p));
	__u32 l3 = 14;
	for (int tag = 0; tag < 2; tag++) {
		if (proto != 0x8100 && proto != 0x88a8)
			break;
		p = field(ctx, frame, l3 + 2, 2);
		if (!p)
			return VERDICT(XDP_DROP, 1);
		proto = bpf_ntohs(suite_load16(p));
		l3 += 4;
	}
	if (proto != 0x0800)
		return VERDICT(XDP_PASS, proto);

	__u32 ihl = ipv4_header_len(ctx, frame, l3);
	const unsigned char *ip = field(ctx, frame, l3, 20);
	if (ihl < 20 || ihl > 60 || !ip)
		return VERDICT(XDP_DROP, 1);
	__u32 tot_len = bpf_ntohs(suite_load16(ip + 2));
	if (bpf_ntohs(suite_load16(ip + 6)) & 0x3fff)
		return VERDICT(XDP_PASS, 2);
	if (ip[9] != 6)
		return VERDICT(XDP_PASS, ip[9]);

	__u32 l4 = l3 + ihl;
	const unsigned char *tcp = field(ctx, frame, l4, 20);
	if (!tcp)
		return VERDICT(XDP_DROP, 3);
	__u32 doff = (tcp[12] >> 4) * 4;
	if (doff < 20 || ihl + doff > tot_len)
		return VERDICT(XDP_DROP, 3);
	__u32 sport = bpf_ntohs(suite_load16(tcp));
	__u32 dport = bpf_ntohs(suite_load16(tcp + 2));
	__u8 flags = tcp[13];

	__u64 options = tcp_options(ctx, frame, l4, doff);
	if (options & OPTIONS_BAD)
		return VERDICT(XDP_DROP, 4);
	__u32 mss = options & 0xffff;
	__u32 wscale = (options >> 16) & 0xff;
	__u32 tsval = (__u32)(options >> 24);

	if (dport == 23)
		return VERDICT(XDP_DROP, 5);
	if ((flags & 0x12) == 0x02 && mss && mss < 536)
		return VERDICT(XDP_DROP, 6);
	__u32 digest = sport ^ (dport << 16) ^ mss ^ (wscale << 24) ^ tsval;
	return VERDICT(dport == 7 ? XDP_TX : XDP_PASS, digest);
}

SUITE_PROGRAM(parse_packets)
{
	__u32 acc = 0;
	for (__u32 frame = 0; frame < FRAMES; frame++)
		acc = acc * 31 + parse_frame(ctx, frame);
	return (int)acc;
}

SUITE_LICENSE;

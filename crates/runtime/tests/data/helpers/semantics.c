/* Helper semantics recorded from the kernel (record-kernel.sh) and compared with Sluice by
 * crates/runtime/tests/helpers.rs: bpf_snprintf formats (every conversion and flag the
 * kernel accepts, truncation, %pI4/%pI6, the ENOSPC limit), bpf_trace_printk format errors,
 * the probe-read family's error codes, bpf_strtol/strtoul, bpf_csum_diff and bpf_strncmp.
 * Each program writes { s64 ret; char out[56]; } results into slots of the `out` array. */
#include "../../../../../tests/corpus/common.h"

struct res { __s64 ret; char out[56]; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 96); __type(key, __u32); __type(value, struct res); } out SEC(".maps");
struct big { char s[320]; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct big); } bigs SEC(".maps");

static __always_inline struct res *slot(__u32 i) { return bpf_map_lookup_elem(&out, &i); }

#define SNP(i, fmt, ...) do { struct res *r = slot(i); if (r) { __u64 a[] = { __VA_ARGS__ }; r->ret = bpf_snprintf(r->out, sizeof(r->out), fmt, a, sizeof(a)); } } while (0)
#define TPK(i, fmt, ...) do { struct res *r = slot(i); if (r) { static const char f[] = fmt; r->ret = bpf_trace_printk(f, sizeof(f), ##__VA_ARGS__); } } while (0)
#define SNPN(i, n, fmt, ...) do { struct res *r = slot(i); if (r) { __u64 a[] = { __VA_ARGS__ }; r->ret = bpf_snprintf(r->out, n, fmt, a, sizeof(a)); } } while (0)

SEC("xdp")
int formats(struct xdp_md *ctx)
{
	char str[8] = "str";
	char str6[8] = "abcdef";
	__u8 ip4[4] = { 192, 0, 2, 1 };
	__u8 ip6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34 };
	__u32 zero = 0;
	struct big *b = bpf_map_lookup_elem(&bigs, &zero);
	if (!b)
		return XDP_ABORTED;
	for (int i = 0; i < 299; i++)
		b->s[i] = 'A';
	b->s[299] = 0;

	SNP(0, "%d %u %x %X", -5, 3000000000ULL, 0xbeef, 0xbeef);
	SNP(1, "%ld %lu %lx", -5, -1, 0x1234567890ULL);
	SNP(2, "%lld %llu %llx", 0x8000000000000000ULL, 7, 0xabc);
	SNP(3, "%5d|%-5d|%05d|%+d|% d|%i", 42, 42, -42, 5, 5, -1);
	SNP(4, "%c%c%%%c", 'h', 'i', '!');
	SNP(5, "%s|%8s|%-4s|", (long)str, (long)str, (long)str);
	SNP(6, "%px|%p|%p", 0x1234, 0, -4095);
	SNP(7, "%pI4 %pi4", (long)ip4, (long)ip4);
	SNP(8, "%pI6", (long)ip6);
	SNP(9, "%pi6c", (long)ip6);
	SNP(10, "%pks|%pus|", (long)str, (long)str);
	SNP(11, "%d", 0x100000005ULL);
	SNP(12, "%x", -1);
	SNP(13, "%s|", 0);
	SNP(14, "%pS|%ps", 0x10, 0x20);
	SNP(15, "%pB", 0x10);
	SNPN(16, 4, "%s%pI4 %u", (long)str6, (long)ip4, 7);
	SNP(17, "%-8c|%3c|", 'a', 'b');
	SNP(18, "%08x|%-8X|%+u|% x", 0xbeef, 0xbeef, 5, 5);
	TPK(19, "%%%5%|", 1);
	TPK(20, "%.2d", 1);
	TPK(21, "%hd", 1);
	TPK(22, "%sx", (long)str);
	TPK(23, "%d %d %d %d", 1, 2, 3);
	TPK(24, "abc\x01", 1);
	TPK(25, "%pX", 0);
	SNP(26, "%s%s%s", (long)b->s, (long)b->s, (long)b->s);
	SNP(27, "%5s|%-6pI4|%20pI4|", (long)str, (long)ip4, (long)ip4);
	SNP(28, "%lld|%llX", 0, -1);
	SNP(29, "%i|%5i|%-05d|", 0, 123456, 3);
	SNP(30, "% 05d|%+05d|%- d|", 42, 42, 42);
	SNP(31, "%s %s", (long)b->s, (long)str);
	SNPN(32, 0, "%d", 12345);
	SNP(33, "tab\there %d", 1);
	TPK(34, "%", 1);
	SNP(35, "%ps", 0xffff800000001000ULL);
	SNP(36, "%10px|%-18px|", 0xab, 0xab);
	SNP(37, "%u%%", 1);
	SNP(38, "%pK", 0);
	SNP(39, "%pI4%d", (long)ip4, 9);
	SNPN(40, 0, "%pI4:%u", (long)ip4, 5353);
	SNPN(41, 1, "%s%pI4|%u", (long)str, (long)ip4, 5353);
	return XDP_PASS;
}

SEC("xdp")
int probes(struct xdp_md *ctx)
{
	char src[16] = "hello sluice";
	struct res *r;

	r = slot(0); if (r) r->ret = bpf_probe_read_kernel(r->out, 8, (void *)0);
	r = slot(1); if (r) r->ret = bpf_probe_read_kernel(r->out, 8, (void *)0xffff800000001000ULL);
	r = slot(2); if (r) r->ret = bpf_probe_read_user(r->out, 8, src);
	r = slot(3); if (r) r->ret = bpf_probe_read_user(r->out, 0, src);
	r = slot(4); if (r) r->ret = bpf_probe_read_kernel(r->out, 0, (void *)0);
	r = slot(5); if (r) r->ret = bpf_probe_read_user_str(r->out, 8, src);
	r = slot(6); if (r) r->ret = bpf_probe_read_kernel_str(r->out, 0, src);
	r = slot(7); if (r) r->ret = bpf_probe_read_kernel_str(r->out, 16, (void *)0xffff800000001000ULL);
	r = slot(8); if (r) r->ret = bpf_probe_read_user(r->out, 8, (void *)0);
	r = slot(9); if (r) r->ret = bpf_probe_read_kernel(r->out, 0, src);
	r = slot(10); if (r) { __builtin_memset(r->out, 0x55, 16); r->ret = bpf_probe_read_kernel_str(r->out, 16, src); }
	r = slot(11); if (r) r->ret = bpf_probe_read_user_str(r->out, 0, (void *)0);
	return XDP_PASS;
}

#define STRTO(i, fn, s, base) do { struct res *r = slot(i); if (r) { static const char t[] = s; long v = 0; r->ret = fn(t, sizeof(t) - 1, base, (void *)&v); __builtin_memcpy(r->out, &v, 8); } } while (0)

SEC("xdp")
int strtox(struct xdp_md *ctx)
{
	STRTO(0, bpf_strtol, "  -42x", 0);
	STRTO(1, bpf_strtol, "0x1f", 0);
	STRTO(2, bpf_strtol, "0x", 0);
	STRTO(3, bpf_strtol, "017", 0);
	STRTO(4, bpf_strtol, "-", 10);
	STRTO(5, bpf_strtol, "99999999999999999999", 10);
	STRTO(6, bpf_strtol, "ff", 16);
	STRTO(7, bpf_strtoul, "-5", 10);
	STRTO(8, bpf_strtol, "9223372036854775808", 10);
	STRTO(9, bpf_strtol, "-9223372036854775808", 10);
	STRTO(10, bpf_strtoul, "18446744073709551615", 10);
	STRTO(11, bpf_strtol, "12", 7);
	STRTO(12, bpf_strtol, "12", 0x30);
	STRTO(13, bpf_strtoul, "\t 0X7fz", 0);
	STRTO(14, bpf_strtol, "   ", 10);
	STRTO(15, bpf_strtol, "0x1g", 16);
	return XDP_PASS;
}

SEC("xdp")
int csums(struct xdp_md *ctx)
{
	__u32 w[4] = { 0x01020304, 0xfffefdfc, 0x10203040, 0xa0b0c0d0 };
	struct res *r;
	r = slot(0); if (r) r->ret = bpf_csum_diff(w, 16, 0, 0, 0);
	r = slot(1); if (r) r->ret = bpf_csum_diff(w, 5, 0, 0, 0);
	r = slot(2); if (r) r->ret = bpf_csum_diff(0, 0, w, 6, 0x12345);
	r = slot(3); if (r) r->ret = bpf_csum_diff(w, 4, w + 1, 12, 0xffffffff);
	r = slot(4); if (r) r->ret = bpf_csum_diff(0, 0, 0, 0, 0xdeadbeef);
	r = slot(5); if (r) r->ret = bpf_csum_diff(w, 16, w, 16, 0);
	r = slot(6); if (r) r->ret = bpf_csum_diff(w, 1, 0, 0, 0xffff0000);
	r = slot(7); if (r) r->ret = bpf_csum_diff(0, 0, w, 7, 0);
	return XDP_PASS;
}

static long cb(__u32 i, void *c) { return 0; }
SEC("xdp")
int misc(struct xdp_md *ctx)
{
	struct res *r;
	char cmp[8] = "abc";
	r = slot(0); if (r) r->ret = bpf_strncmp(cmp, 3, "abd");
	r = slot(1); if (r) r->ret = bpf_strncmp(cmp, 2, "abd");
	r = slot(2); if (r) r->ret = bpf_strncmp(cmp, 8, "abc");
	r = slot(3); if (r) r->ret = bpf_strncmp(cmp, 8, "ab");

	r = slot(5); if (r) r->ret = bpf_loop(0, cb, 0, 0);
	r = slot(6); if (r) r->ret = bpf_trace_printk("%d %d\n", 7, 1, 2);
	r = slot(7); if (r) r->ret = bpf_trace_printk("abc", 3, 1);
	r = slot(8); if (r) r->ret = bpf_trace_printk("%d %d %d %d", 12, 1, 2, 3);
	r = slot(9); if (r) r->ret = bpf_trace_printk("%s", 3, (long)cmp);
	return XDP_PASS;
}

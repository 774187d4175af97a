/* -mcpu=v4 signed division and modulo (BPF_SDIV/BPF_SMOD, 32 and 64 bit),
 * with negative operands, a zero divisor (sdiv -> 0, smod -> dividend) and
 * INT_MIN / -1 (wraps to INT_MIN, remainder 0). */
#include "common.h"

RESULTS_MAP(out, 16);

SEC("xdp")
int signed_divmod(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__s32 *w = data + 14;
	__s64 *q = data + 30;
	__s32 a, b, z, m1;
	__s64 A, B;

	if ((void *)(q + 2) > data_end)
		return XDP_ABORTED;
	a = (__s32)bpf_ntohl(w[0]);
	b = (__s32)bpf_ntohl(w[1]);
	z = (__s32)bpf_ntohl(w[2]);  /* 0 in the test packets */
	m1 = (__s32)bpf_ntohl(w[3]); /* -1 */
	A = (__s64)bpf_be64_to_cpu(q[0]);
	B = (__s64)bpf_be64_to_cpu(q[1]);
	record(&out, 0, a / b);
	record(&out, 1, a % b);
	record(&out, 2, a / z);
	record(&out, 3, a % z);
	record(&out, 4, (__s32)0x80000000 / m1);
	record(&out, 5, (__s32)0x80000000 % m1);
	record(&out, 6, A / B);
	record(&out, 7, A % B);
	record(&out, 8, A / z);
	record(&out, 9, A % z);
	record(&out, 10, (__s64)0x8000000000000000ULL / (__s64)m1);
	record(&out, 11, (__s64)0x8000000000000000ULL % (__s64)m1);
	record(&out, 12, a / 7);
	record(&out, 13, a % -7);
	record(&out, 14, A / -3);
	record(&out, 15, A % 5);
	return XDP_PASS;
}

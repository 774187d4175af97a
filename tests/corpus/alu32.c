/* 32-bit ALU (alu32, -mcpu=v3): wrap-around, shifts with large counts masked
 * by C semantics, unsigned division and modulo including the BPF rule for a
 * zero divisor (x / 0 = 0, x % 0 = x), sign bits, zero extension into 64 bits. */
#include "common.h"

RESULTS_MAP(out, 16);

SEC("xdp")
int alu32_ops(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 *w = data + 14; /* operands from the payload, so nothing folds */
	__u32 a, b, c;

	if ((void *)(w + 3) > data_end)
		return XDP_ABORTED;
	a = bpf_ntohl(w[0]);
	b = bpf_ntohl(w[1]);
	c = bpf_ntohl(w[2]);
	record(&out, 0, a + b);
	record(&out, 1, a - b);
	record(&out, 2, a * b);
	record(&out, 3, a / (b | 1));
	record(&out, 4, a % (b | 1));
	record(&out, 5, a / c);     /* c may be 0 */
	record(&out, 6, a % c);
	record(&out, 7, a << (b & 31));
	record(&out, 8, a >> (b & 31));
	record(&out, 9, (__s32)a >> (b & 31));
	record(&out, 10, (__s32)a < (__s32)b);
	record(&out, 11, a < b);
	record(&out, 12, ~a ^ (b | c));
	record(&out, 13, (__u64)a * b); /* 64-bit product */
	record(&out, 14, (__s64)(__s32)a);
	record(&out, 15, -a);
	return XDP_PASS;
}

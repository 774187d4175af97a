/* Byte swaps: with -mcpu=v4 __builtin_bswap16/32/64 become the unconditional
 * BPF_ALU64|BPF_END (bswap16/32/64); bpf_ntohs/ntohl/be64_to_cpu on a
 * little-endian target also use them. Results of swapping packet words. */
#include "common.h"

RESULTS_MAP(out, 8);

SEC("xdp")
int byte_swaps(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 *q = data + 14;
	__u64 v;

	if ((void *)(q + 1) > data_end)
		return XDP_ABORTED;
	v = *(volatile __u64 *)q;
	record(&out, 0, __builtin_bswap16((__u16)v));
	record(&out, 1, __builtin_bswap32((__u32)v));
	record(&out, 2, __builtin_bswap64(v));
	record(&out, 3, bpf_ntohs((__u16)(v >> 16)));
	record(&out, 4, bpf_ntohl((__u32)(v >> 8)));
	record(&out, 5, bpf_be64_to_cpu(v));
	record(&out, 6, __builtin_bswap16((__u16)v) + 1); /* upper bits cleared */
	record(&out, 7, __builtin_bswap64(v) >> 56);
	return XDP_PASS;
}

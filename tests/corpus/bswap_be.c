/* Byte order conversions with -mcpu=v3: bpf_htons/htonl/cpu_to_be64 become
 * BPF_ALU|BPF_END|BPF_TO_BE (be16/be32/be64, which zero the upper bits). */
#include "common.h"

RESULTS_MAP(out, 6);

SEC("tc")
int to_big_endian(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u64 *q = data + 14;
	__u64 v;

	if ((void *)(q + 1) > data_end)
		return TC_ACT_SHOT;
	v = *(volatile __u64 *)q;
	record(&out, 0, bpf_htons((__u16)v));
	record(&out, 1, bpf_htonl((__u32)v));
	record(&out, 2, bpf_cpu_to_be64(v));
	record(&out, 3, bpf_htons((__u16)(v >> 3)) + 0x10000);
	record(&out, 4, bpf_ntohl((__u32)v) >> 4);
	record(&out, 5, __builtin_bswap32((__u32)(v >> 32)));
	return TC_ACT_OK;
}

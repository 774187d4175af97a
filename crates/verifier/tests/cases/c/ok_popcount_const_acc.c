// accept
// Kernighan popcount of 64 words from the packet, accumulated as acc = acc * 31 + count
// with every accumulator starting from a constant, and returned. The counts decide no branch
// and an XDP program may return any number, so neither the counts nor acc need to be exact:
// the paths of the loops merge (the kernel processes about 38k instructions).
#include "cases.h"

#define WORDS 64

SEC("xdp")
int popcount(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	if (data + WORDS * 8 > data_end)
		return 0;
	__u64 *words = data;
	__u32 acc = 0;
#pragma clang loop unroll(disable)
	for (int i = 0; i < WORDS; i++) {
		__u64 word = words[i];
		__u32 count = 0;
		for (int bit = 0; bit < 64; bit++) {
			if (!word)
				break;
			word &= word - 1;
			count++;
		}
		acc = acc * 31 + count;
	}
	return acc;
}

char LICENSE[] SEC("license") = "GPL";

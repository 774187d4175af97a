// accept
// kernel: skip Linux refuses it as too complex: its precision marks are sticky, so `sum += r0` with r0 precise from the function's loop leaves the sum precise, and the states of the loop over the words never merge
// A static function counts the set bits of a word; its result is only summed into the
// program's return value. Since that value decides nothing, neither does the function's
// result: the paths inside the function merge at its exit, and the loop over the words
// merges too.
#include "cases.h"

static __attribute__((noinline)) __u32 bits(__u64 word)
{
	__u32 count = 0;
	for (int bit = 0; bit < 64; bit++) {
		if (!word)
			break;
		word &= word - 1;
		count++;
	}
	return count;
}

SEC("xdp")
int count_bits(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	if (data + 32 * 8 > data_end)
		return 0;
	__u64 *words = data;
	__u32 sum = 0;
#pragma clang loop unroll(disable)
	for (int i = 0; i < 32; i++)
		sum += bits(words[i]);
	return sum;
}

char LICENSE[] SEC("license") = "GPL";

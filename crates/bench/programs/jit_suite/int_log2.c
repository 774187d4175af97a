// int_log2: the integer base-2 logarithm (index of the highest set bit) of 192 64-bit and 384
// 32-bit values, by branching binary search on the bits. The packet holds the 64-bit values
// (1536 bytes), the 32-bit ones (1536 bytes) and a u32 seed; zero counts as log2 0.
// acc starts at 0 and takes acc = acc * 33 + log2(v) over the 64-bit values, then the 32-bit
// ones; returns acc ^ seed (32-bit arithmetic).
#include "suite.h"

#define N64 192
#define N32 384

static __always_inline __u32 log2_64(__u64 v)
{
	__u32 r = 0;
	if (v >> 32) {
		v >>= 32;
		r += 32;
	}
	if (v >> 16) {
		v >>= 16;
		r += 16;
	}
	if (v >> 8) {
		v >>= 8;
		r += 8;
	}
	if (v >> 4) {
		v >>= 4;
		r += 4;
	}
	if (v >> 2) {
		v >>= 2;
		r += 2;
	}
	if (v >> 1)
		r += 1;
	return r;
}

static __always_inline __u32 log2_32(__u32 v)
{
	__u32 r = 0;
	if (v >> 16) {
		v >>= 16;
		r += 16;
	}
	if (v >> 8) {
		v >>= 8;
		r += 8;
	}
	if (v >> 4) {
		v >>= 4;
		r += 4;
	}
	if (v >> 2) {
		v >>= 2;
		r += 2;
	}
	if (v >> 1)
		r += 1;
	return r;
}

SUITE_PROGRAM(int_log2)
{
	const unsigned char *data = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (data + N64 * 8 + N32 * 4 + 4 > data_end)
		return 0;
	__u32 acc = 0;
	for (__u32 i = 0; i < N64; i++)
		acc = acc * 33 + log2_64(suite_load64(data + i * 8));
	for (__u32 i = 0; i < N32; i++)
		acc = acc * 33 + log2_32(suite_load32(data + N64 * 8 + i * 4));
	return (int)(acc ^ suite_load32(data + N64 * 8 + N32 * 4));
}

SUITE_LICENSE;

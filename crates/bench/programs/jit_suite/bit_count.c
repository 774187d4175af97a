// bit_count: population count of 256 64-bit words with Kernighan's loop (clear the lowest set
// bit until none is left, at most 64 times). The packet holds the words (2048 bytes,
// little-endian) and then a u32 seed. acc starts at 0 and takes
// acc = acc * 31 + popcount(word) for each word in order; returns acc ^ seed (32-bit
// arithmetic).
#include "suite.h"

#define WORDS 256

SUITE_PROGRAM(bit_count)
{
	const unsigned char *data = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (data + WORDS * 8 + 4 > data_end)
		return 0;
	__u32 acc = 0;
	for (__u32 i = 0; i < WORDS; i++) {
		__u64 word = suite_load64(data + i * 8);
		__u32 count = 0;
		for (__u32 bit = 0; bit < 64; bit++) {
			if (!word)
				break;
			word &= word - 1;
			count++;
		}
		acc = acc * 31 + count;
	}
	return (int)(acc ^ suite_load32(data + WORDS * 8));
}

SUITE_LICENSE;

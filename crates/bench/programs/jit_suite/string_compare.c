// string_compare: strcmp-style comparisons of fixed-size strings. The packet holds 8 pivot
// strings then 32 record strings, each in a 32-byte slot (NUL-padded; a string without NUL
// ends at the slot's end), then a u32 seed: 1284 bytes in all. Every record is compared with
// every pivot, byte by byte until the first difference or the end of the strings, as
// strncmp(record, pivot, 32); order is -1, 0 or 1 as the record sorts before, equal to or
// after the pivot. acc starts at 0 and takes acc = acc * 3 + (order + 1) for each record
// and, within it, each pivot in order; returns acc ^ seed (32-bit arithmetic).
#include "suite.h"

#define SLOT 32
#define PIVOTS 8
#define RECORDS 32

SUITE_PROGRAM(string_compare)
{
	const unsigned char *data = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (data + (PIVOTS + RECORDS) * SLOT + 4 > data_end)
		return 0;
	__u32 acc = 0;
	for (__u32 r = 0; r < RECORDS; r++) {
		const unsigned char *record = data + (PIVOTS + r) * SLOT;
		for (__u32 p = 0; p < PIVOTS; p++) {
			const unsigned char *pivot = data + p * SLOT;
			int order = 0;
			for (__u32 i = 0; i < SLOT; i++) {
				__u8 x = record[i], y = pivot[i];
				if (x != y) {
					order = x < y ? -1 : 1;
					break;
				}
				if (x == 0)
					break;
			}
			acc = acc * 3 + (__u32)(order + 1);
		}
	}
	return (int)(acc ^ suite_load32(data + (PIVOTS + RECORDS) * SLOT));
}

SUITE_LICENSE;

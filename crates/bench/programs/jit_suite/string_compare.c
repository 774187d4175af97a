// string_compare: strcmp-style comparisons of fixed-size strings. The packet holds 8 pivot
// strings then 32 record strings, each in a 32-byte slot (NUL-padded; a string without NUL
// ends at the slot's end), 1280 bytes in all. Every record is compared with every pivot, byte
// by byte until the first difference or the end of the strings, as strncmp(record, pivot, 32).
// For each record, rank counts the pivots it sorts after, and equal the pivots it matches.
// Returns acc after acc = acc * 17 + rank * 2 + equal for each record, then
// acc += (total bytes compared) << 20.
#include "suite.h"

#define SLOT 32
#define PIVOTS 8
#define RECORDS 32

SUITE_PROGRAM(string_compare)
{
	const unsigned char *data = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (data + (PIVOTS + RECORDS) * SLOT > data_end)
		return 0;
	__u32 acc = 0;
	__u32 compared = 0;
	for (__u32 r = 0; r < RECORDS; r++) {
		const unsigned char *record = data + (PIVOTS + r) * SLOT;
		__u32 rank = 0, equal = 0;
		for (__u32 p = 0; p < PIVOTS; p++) {
			const unsigned char *pivot = data + p * SLOT;
			int order = 0;
			for (__u32 i = 0; i < SLOT; i++) {
				__u8 x = record[i], y = pivot[i];
				compared++;
				if (x != y) {
					order = x < y ? -1 : 1;
					break;
				}
				if (x == 0)
					break;
			}
			rank += order > 0;
			equal += order == 0;
		}
		acc = acc * 17 + rank * 2 + equal;
	}
	return (int)(acc + (compared << 20));
}

SUITE_LICENSE;

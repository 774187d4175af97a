// binary_search: 128 lower-bound searches in a sorted table of 512 u32. The packet holds the
// table (2048 bytes, ascending) followed by the 128 keys (512 bytes), all little-endian.
// Each search is the branch-free lower bound: it halves a window of constant length (512,
// 256, ..., 1) in 9 probes whatever the key, moving the window's base by arithmetic on the
// comparison rather than by a branch, then looks at the last entry left; pos ends as the
// number of table entries below the key. Returns acc after acc = acc * 31 + pos, plus 1 << 20
// when the entry at pos is the key (32-bit arithmetic).
#include "suite.h"

#define TABLE 512
#define KEYS 128
#define STEPS 9 /* log2(TABLE) */

/* Entry `index` of the table; the explicit bound check lets the verifier accept a variable
 * index. A failed check cannot happen (index < TABLE and the packet is long enough) and
 * would read as the largest value. The barrier keeps the compiler from merging the checks
 * of neighbouring entries into forms only the kernel's verifier follows. */
static __always_inline __u32 entry(const unsigned char *data, const unsigned char *data_end,
				   __u32 index)
{
	SUITE_OPAQUE(index);
	const unsigned char *p = data + (index & (TABLE - 1)) * 4;
	if (p + 4 > data_end)
		return 0xffffffff;
	return suite_load32(p);
}

SUITE_PROGRAM(binary_search)
{
	const unsigned char *data = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (data + TABLE * 4 + KEYS * 4 > data_end)
		return 0;
	__u32 acc = 0;
	for (__u32 i = 0; i < KEYS; i++) {
		__u32 key = suite_load32(data + TABLE * 4 + i * 4);
		/* every entry before base is below key; the answer is in [base, base + len] */
		__u32 base = 0;
		__u32 len = TABLE;
		for (__u32 step = 0; step < STEPS; step++) {
			__u32 half = len / 2;
			/* the sign of a 64-bit difference of 32-bit values: 1 if the
			 * probed entry is below key */
			__u64 diff = (__u64)entry(data, data_end, base + half) - key;
			SUITE_OPAQUE(diff);
			base += half * (__u32)(diff >> 63);
			len -= half;
		}
		__u32 pos = base + (entry(data, data_end, base) < key);
		acc = acc * 31 + pos;
		if (pos < TABLE && entry(data, data_end, pos) == key)
			acc += 1u << 20;
	}
	return (int)acc;
}

SUITE_LICENSE;

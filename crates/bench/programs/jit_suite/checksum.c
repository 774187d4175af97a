// checksum: the Internet checksum (RFC 1071) of a 2048-byte block, eight times, the block
// starting 0, 8, 16, ..., 56 bytes into the packet (which holds at least 2104 bytes).
// Returns the eight 16-bit checksums mixed into one word: acc = rotl32(acc, 5) ^ c_r.
// The 16-bit words are summed in host (little-endian) order, as the kernel's csum code does;
// the result is the byte-swapped checksum, which RFC 1071 section 2(B) allows.
#include "suite.h"

#define BLOCK 2048
#define ROUNDS 8
#define STRIDE 8

static __always_inline __u32 csum_block(const unsigned char *block)
{
	__u64 sum = 0;
	for (__u32 i = 0; i < BLOCK; i += 2)
		sum += suite_load16(block + i);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u32)(~sum & 0xffff);
}

SUITE_PROGRAM(checksum)
{
	const unsigned char *data = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (data + BLOCK + STRIDE * (ROUNDS - 1) > data_end)
		return 0;
	__u32 acc = 0;
	for (__u32 round = 0; round < ROUNDS; round++)
		acc = ((acc << 5) | (acc >> 27)) ^ csum_block(data + round * STRIDE);
	return (int)acc;
}

SUITE_LICENSE;

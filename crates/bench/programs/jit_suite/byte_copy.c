// byte_copy: a byte-at-a-time copy inside the packet. The packet starts with a little-endian
// u16 length n (at most 1536 counts; larger values are cut to 1536), holds the source bytes
// from offset 16 and room for the copy from offset 1552; it is at least 3088 bytes long.
// The program copies n bytes from offset 16 to offset 1552, one byte per step, folding each
// byte into a 32-bit FNV-1a hash, and returns the hash. The packet comes back with the copy.
#include "suite.h"

#define MAX_LEN 1536
#define SRC 16
#define DST (SRC + MAX_LEN)

SUITE_PROGRAM(byte_copy)
{
	unsigned char *data = SUITE_DATA(ctx);
	unsigned char *data_end = SUITE_DATA_END(ctx);
	if (data + DST + MAX_LEN > data_end)
		return 0;
	__u32 len = suite_load16(data);
	if (len > MAX_LEN)
		len = MAX_LEN;
	__u32 hash = 2166136261u;
	for (__u32 i = 0; i < MAX_LEN; i++) {
		if (i >= len)
			break;
		__u8 byte = data[SRC + i];
		data[DST + i] = byte;
		hash = (hash ^ byte) * 16777619u;
	}
	return (int)hash;
}

SUITE_LICENSE;

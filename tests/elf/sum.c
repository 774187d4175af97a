// A small object in the shape clang produces for Linux: a program section that calls a static
// subprogram in .text. Used by the CLI tests (disasm and exec of ELF input). Rebuild with
// ./build.sh.
#include <linux/types.h>

#define SEC(name) __attribute__((section(name), used))

static __attribute__((noinline)) __u64 add_bytes(const __u8 *data, __u64 len)
{
	__u64 sum = 0;
	for (__u64 i = 0; i < len && i < 64; i++)
		sum += data[i];
	return sum;
}

SEC("socket")
__u64 sum_input(__u8 *data, __u64 len)
{
	return add_bytes(data, len) * 2;
}

char _license[] SEC("license") = "GPL";

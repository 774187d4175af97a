// Benchmark program for the verifier (`examples/verify_ratio.rs`): a bounded loop that the
// verifier walks iteration by iteration, about 100,000 processed instructions in Sluice and in
// the kernel. The counter decides the loop's exit and the packet offsets, so it is precise and
// no two iterations share a state; each iteration also branches on packet data (a byte of 0xff
// ends the program), so every iteration leaves a pending branch behind. Nothing runs it.
// Rebuild: ./build.sh
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define ITERATIONS 3300

SEC("xdp")
int long_walk(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	__u8 *end = (void *)(long)ctx->data_end;
	if (data + 64 > end)
		return XDP_PASS;
	__u64 acc = 0;
	for (__u32 i = 0; i < ITERATIONS; i++) {
		__u8 byte = data[i & 63];
		if (byte == 0xff)
			return XDP_DROP;
		__u8 next = data[(i + 1) & 63];
		acc = (acc * 31) ^ ((__u64)byte << (i & 7)) ^ next;
		acc = (acc << 5) ^ (acc >> 3) ^ (i * 0x9e3779b1);
	}
	*(__u64 *)data = acc;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";

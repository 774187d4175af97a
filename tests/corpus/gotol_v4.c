/* -mcpu=v4 long jump: an 8192-step straight-line body makes the branch around
 * it longer than a 16-bit offset, so clang emits BPF_JMP32|BPF_JA (gotol) with
 * a 32-bit immediate. The body runs when the first payload byte is 7. */
#include "common.h"

RESULTS_MAP(out, 2);

#define S1 { x = x * 5 + 1; sink = x; }
#define S2 S1 S1
#define S4 S2 S2
#define S8 S4 S4
#define S16 S8 S8
#define S32 S16 S16
#define S64 S32 S32
#define S128 S64 S64
#define S256 S128 S128
#define S512 S256 S256
#define S1K S512 S512
#define S2K S1K S1K
#define S4K S2K S2K
#define S8K S4K S4K

volatile __u32 sink;

SEC("xdp")
int long_jump(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *p = data + 14;
	__u32 x, first;

	if ((void *)(p + 1) > data_end)
		return XDP_ABORTED;
	first = x = *p;
	if (x == 7) {
		S8K
	}
	record(&out, 0, x);
	record(&out, 1, sink);
	return first == 7 ? XDP_TX : XDP_PASS;
}

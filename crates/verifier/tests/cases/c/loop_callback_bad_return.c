// reject: callback at 9
// kernel-says: At callback return the register R0 has
// A bpf_loop callback must return 0 (continue) or 1 (stop); this one returns 2.
#include "cases.h"

static long step(__u64 index, void *ctx)
{
	return 2;
}

SEC("xdp")
int loop_bad_return(struct xdp_md *ctx)
{
	bpf_loop(4, step, 0, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";

// reject: helper_not_allowed at 3
// kernel-says: cannot call GPL-restricted function from non-GPL compatible program
// bpf_printk (bpf_trace_printk) from a program licensed "Dual BSD/MIT", which is not
// GPL-compatible.
#include "cases.h"

SEC("xdp")
int printk_bsd(struct xdp_md *ctx)
{
	bpf_printk("packet");
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/MIT";

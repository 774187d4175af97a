/* Global data: .data (initialised), .bss (zero), .rodata (const tables),
 * `const volatile` configuration knobs (compiled defaults; libbpf freezes the
 * .rodata map), and a custom section .data.stats. All are maps libbpf creates
 * from the ELF sections; their final contents are compared. */
#include "common.h"

const volatile __u32 cfg_multiplier = 3;     /* .rodata knob */
const volatile __u8 cfg_verbose = 0;         /* .rodata knob */
static const __u16 weights[4] = { 1, 10, 100, 1000 }; /* .rodata */

__u64 packets = 0;                           /* .bss */
__u32 last_len;                              /* .bss */
__u64 weighted = 5;                          /* .data */
char tag[8] = "sluice";                      /* .data */
__u64 custom_counter SEC(".data.stats") = 1000;
__u32 custom_hist[4] SEC(".data.stats") = { 1, 2, 3, 4 };

SEC("xdp")
int globals(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	__u32 slot = len & 3;

	packets++;
	last_len = len;
	weighted += weights[slot] * cfg_multiplier;
	custom_counter += len;
	custom_hist[slot]++;
	if (cfg_verbose)
		bpf_printk("len %u", len);
	tag[6] = '0' + (packets & 7);
	return XDP_PASS;
}

/* Clocks: bpf_ktime_get_ns, _boot_ns, _coarse_ns, _tai_ns and bpf_jiffies64.
 * Raw values go to a nondeterministic map; facts (non-zero, monotonic,
 * boot >= mono) to a compared one. */
#include "common.h"

RESULTS_MAP(facts, 8);
RESULTS_MAP(raw_times, 5);

SEC("xdp")
int time_monotonic(struct xdp_md *ctx)
{
	__u64 t1 = bpf_ktime_get_ns();
	__u64 b1 = bpf_ktime_get_boot_ns();
	__u64 c1 = bpf_ktime_get_coarse_ns();
	__u64 tai = bpf_ktime_get_tai_ns();
	__u64 j1 = bpf_jiffies64();
	__u64 t2 = bpf_ktime_get_ns();
	__u64 b2 = bpf_ktime_get_boot_ns();
	__u64 j2 = bpf_jiffies64();

	record(&raw_times, 0, t1);
	record(&raw_times, 1, b1);
	record(&raw_times, 2, c1);
	record(&raw_times, 3, tai);
	record(&raw_times, 4, j1);
	record(&facts, 0, t1 != 0);
	record(&facts, 1, t2 >= t1);
	record(&facts, 2, b2 >= b1);
	record(&facts, 3, b1 >= t1);
	record(&facts, 4, c1 != 0 && c1 <= t2 + 20000000ULL);
	record(&facts, 5, j1 != 0 && j2 >= j1);
	record(&facts, 6, tai > t1);
	return XDP_PASS;
}

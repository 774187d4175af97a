/* bpf_get_prandom_u32: values are random (nondeterministic map), and so is
 * the retval (PASS or DROP by a random bit); the number of calls and a fact
 * about the values are compared. */
#include "common.h"

RESULTS_MAP(samples, 4);
RESULTS_MAP(facts, 2);

SEC("xdp")
int random_sample(struct xdp_md *ctx)
{
	__u32 a = bpf_get_prandom_u32();
	__u32 b = bpf_get_prandom_u32();
	__u32 k = 0;
	__s64 *calls;

	record(&samples, 0, a);
	record(&samples, 1, b);
	record(&samples, 2, a % 100);
	calls = bpf_map_lookup_elem(&facts, &k);
	if (calls)
		*calls += 2;
	record(&facts, 1, (a >> 16) <= 0xffff);
	return (a & 1) ? XDP_PASS : XDP_DROP;
}

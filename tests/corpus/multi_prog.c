/* Several programs of different types in one object sharing one map:
 * xdp_side (xdp), tc_side (sched_cls, SEC("classifier")), act_side
 * (sched_act, SEC("action")) and sock_side (socket_filter, SEC("socket")).
 * Each adds its own tag to slot 0 and counts in its own slot. */
#include "common.h"

RESULTS_MAP(shared, 5);

static __always_inline void hit(__u32 slot, __s64 tag)
{
	__u32 zero = 0;
	__s64 *v = bpf_map_lookup_elem(&shared, &slot);

	if (v)
		*v += 1;
	v = bpf_map_lookup_elem(&shared, &zero);
	if (v)
		*v = *v * 10 + tag;
}

SEC("xdp")
int xdp_side(struct xdp_md *ctx)
{
	hit(1, 1);
	return XDP_PASS;
}

SEC("classifier")
int tc_side(struct __sk_buff *skb)
{
	hit(2, 2);
	return TC_ACT_OK;
}

SEC("action")
int act_side(struct __sk_buff *skb)
{
	hit(3, 3);
	return TC_ACT_PIPE;
}

SEC("socket")
int sock_side(struct __sk_buff *skb)
{
	hit(4, 4);
	return skb->len;
}

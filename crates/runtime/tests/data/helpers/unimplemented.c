/* A tc program that calls bpf_skb_vlan_push, a helper Linux has and Sluice does not implement:
 * the runtime must refuse it at load, naming the call's source line (tests/smoke.rs). */
#include "../../../../../tests/corpus/common.h"

SEC("tc")
int push_vlan(struct __sk_buff *skb)
{
	bpf_skb_vlan_push(skb, bpf_htons(0x8100), 42);
	return 0;
}

/* bpf_get_hash_recalc: the flow hash uses a per-boot random seed, so its
 * value is nondeterministic; the facts are: non-zero for TCP/UDP, stable on a
 * second call, equal to __sk_buff->hash afterwards, and after bpf_set_hash
 * the set value is what get_hash_recalc returns (sw hash is not recomputed). */
#include "common.h"

RESULTS_MAP(facts, 5);
RESULTS_MAP(raw_hash, 1);

SEC("tc")
int skb_hash(struct __sk_buff *skb)
{
	__u32 h1 = bpf_get_hash_recalc(skb);
	__u32 h2 = bpf_get_hash_recalc(skb);

	record(&raw_hash, 0, h1);
	record(&facts, 0, h1 != 0);
	record(&facts, 1, h1 == h2);
	record(&facts, 2, skb->hash == h1);
	bpf_set_hash(skb, 0x12345678);
	record(&facts, 3, bpf_get_hash_recalc(skb));
	record(&facts, 4, skb->hash);
	return TC_ACT_OK;
}

/* __sk_buff fields in tc: reads len, protocol, pkt_type, mark, priority,
 * ifindex, ingress_ifindex, cb[], data_end - data, vlan_present, queue_mapping;
 * writes mark, priority, cb[], tc_classid, tc_index. ctx_in sets mark,
 * priority and cb; ctx_out shows the writes. */
#include "common.h"

RESULTS_MAP(seen, 16);

SEC("tc")
int skb_ctx_fields(struct __sk_buff *skb)
{
	record(&seen, 0, skb->len);
	record(&seen, 1, bpf_ntohs(skb->protocol));
	record(&seen, 2, skb->pkt_type);
	record(&seen, 3, skb->mark);
	record(&seen, 4, skb->priority);
	record(&seen, 5, skb->ifindex);
	record(&seen, 6, skb->ingress_ifindex);
	record(&seen, 7, skb->cb[0]);
	record(&seen, 8, skb->cb[4]);
	record(&seen, 9, skb->data_end - skb->data);
	record(&seen, 10, skb->vlan_present);
	record(&seen, 11, skb->queue_mapping);
	record(&seen, 12, skb->data_meta == skb->data);
	record(&seen, 13, skb->gso_segs);
	record(&seen, 14, skb->tstamp);
	skb->mark = skb->mark * 2 + 1;
	skb->priority = 7;
	skb->cb[1] = 0xc0ffee;
	skb->cb[4] = skb->cb[0] + 1;
	skb->tc_classid = 0x10002;
	skb->tc_index = 5;
	return TC_ACT_OK;
}

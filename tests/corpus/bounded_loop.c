/* A bounded loop over up to 256 packet bytes with a variable trip count (the
 * verifier follows it): byte sum, count of zero bytes, and FNV-1a hash. */
#include "common.h"

RESULTS_MAP(out, 4);

SEC("tc")
int loop_bytes(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u32 n = data_end - data, i, zeros = 0, sum = 0, h = 2166136261u;

	if (n > 256)
		n = 256;
	for (i = 0; i < n; i++) {
		__u8 *p = data + i;
		if ((void *)(p + 1) > data_end)
			break;
		sum += *p;
		zeros += *p == 0;
		h = (h ^ *p) * 16777619u;
	}
	record(&out, 0, i);
	record(&out, 1, sum);
	record(&out, 2, zeros);
	record(&out, 3, h);
	return TC_ACT_OK;
}

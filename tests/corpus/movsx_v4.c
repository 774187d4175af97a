/* -mcpu=v4 sign extension: BPF_MOVSX (register casts from s8/s16/s32) and
 * BPF_LDX|BPF_MEMSX (sign-extending loads of s8/s16/s32 from packet and map). */
#include "common.h"

RESULTS_MAP(out, 12);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s64);
} src SEC(".maps");

SEC("tc")
int sign_extend(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	volatile __s8 *b = data + 14;
	volatile __s16 *h = data + 16;
	volatile __s32 *w = data + 20;
	__u32 zero = 0;
	__s64 *m;
	__u64 x;

	if ((void *)(w + 1) > data_end)
		return TC_ACT_SHOT;
	record(&out, 0, *b);          /* ldsx s8 */
	record(&out, 1, *h);          /* ldsx s16 */
	record(&out, 2, *w);          /* ldsx s32 */
	x = skb->len * 0x01000193u + 0xff80;
	record(&out, 3, (__s8)x);     /* movsx 8 */
	record(&out, 4, (__s16)x);    /* movsx 16 */
	record(&out, 5, (__s32)(x << 20)); /* movsx 32 */
	record(&out, 6, (__s32)(__s8)x);   /* movsx 32-bit dst */
	m = bpf_map_lookup_elem(&src, &zero);
	if (m) {
		volatile __s8 *mb = (void *)m;
		volatile __s16 *mh = (void *)m;
		*m = 0x8081828384858687LL;
		record(&out, 7, mb[0]);
		record(&out, 8, mh[1]);
		record(&out, 9, ((volatile __s32 *)m)[1]);
	}
	record(&out, 10, (__s64)(__s16)bpf_ntohs(*(volatile __u16 *)h));
	return TC_ACT_OK;
}

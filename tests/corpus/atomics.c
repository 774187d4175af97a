/* Atomic operations on map values: __sync_fetch_and_add/or/and/xor (with and
 * without using the result: BPF_ATOMIC with and without BPF_FETCH),
 * __sync_val_compare_and_swap (success and failure), __atomic_exchange_n,
 * 32- and 64-bit. Old values returned by the fetch forms are recorded. */
#include "common.h"

struct vals {
	__u64 add64;
	__u64 or64;
	__u64 and64;
	__u64 xor64;
	__u64 cas64;
	__u64 xchg64;
	__u32 add32;
	__u32 cas32;
	__u32 xchg32;
	__u32 plain_add32;
	__u64 plain_add64;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vals);
} v SEC(".maps");

RESULTS_MAP(old, 12);

SEC("xdp")
int atomic_ops(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct vals *p = bpf_map_lookup_elem(&v, &zero);
	__u64 len = ctx->data_end - ctx->data;

	if (!p)
		return XDP_ABORTED;
	record(&old, 0, __sync_fetch_and_add(&p->add64, len));
	record(&old, 1, __sync_fetch_and_or(&p->or64, 1ULL << (len & 63)));
	if (p->and64 == 0)
		p->and64 = ~0ULL;
	record(&old, 2, __sync_fetch_and_and(&p->and64, ~(1ULL << (len & 63))));
	record(&old, 3, __sync_fetch_and_xor(&p->xor64, 0xff00ff00ff00ff00ULL));
	record(&old, 4, __sync_val_compare_and_swap(&p->cas64, 0, 0xabcdef));      /* succeeds once */
	record(&old, 5, __sync_val_compare_and_swap(&p->cas64, 12345, 1));        /* fails */
	record(&old, 6, __atomic_exchange_n(&p->xchg64, len << 32 | len, __ATOMIC_SEQ_CST));
	record(&old, 7, __sync_fetch_and_add(&p->add32, (__u32)len * 0x10000001u));
	record(&old, 8, __sync_val_compare_and_swap(&p->cas32, 0, 0xffffffffu));
	record(&old, 9, __atomic_exchange_n(&p->xchg32, (__u32)len, __ATOMIC_SEQ_CST));
	__sync_fetch_and_add(&p->plain_add32, 3);   /* result unused: no BPF_FETCH */
	__sync_fetch_and_add(&p->plain_add64, -1);
	record(&old, 10, __sync_add_and_fetch(&p->add64, 1));
	record(&old, 11, __sync_sub_and_fetch(&p->plain_add64, 1));
	return XDP_PASS;
}

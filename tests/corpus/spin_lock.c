/* struct bpf_spin_lock in map values (array and hash): counters updated
 * between bpf_spin_lock and bpf_spin_unlock. Dumps show the lock as 0. */
#include "common.h"

struct locked {
	struct bpf_spin_lock lock;
	__u32 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct locked);
} totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct locked);
} by_len_class SEC(".maps");

SEC("tc")
int locked_counter(struct __sk_buff *skb)
{
	__u32 zero = 0, cls = skb->len > 100;
	struct locked *t = bpf_map_lookup_elem(&totals, &zero);
	struct locked init = {}, *h;

	if (t) {
		bpf_spin_lock(&t->lock);
		t->packets++;
		t->bytes += skb->len;
		bpf_spin_unlock(&t->lock);
	}
	h = bpf_map_lookup_elem(&by_len_class, &cls);
	if (!h) {
		bpf_map_update_elem(&by_len_class, &cls, &init, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&by_len_class, &cls);
		if (!h)
			return TC_ACT_SHOT;
	}
	bpf_spin_lock(&h->lock);
	h->packets++;
	h->bytes += skb->len;
	bpf_spin_unlock(&h->lock);
	return TC_ACT_OK;
}

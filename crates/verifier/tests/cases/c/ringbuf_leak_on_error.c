// reject: reference_leak at 16
// kernel-says: Unreleased reference
// An event is reserved, and an early return for short packets forgets to discard it.
#include "cases.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct event {
	__u32 len;
	__u32 proto;
};

SEC("tc")
int event_leak(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 0;
	if (skb->len < 64)
		return 0;
	e->len = skb->len;
	e->proto = skb->protocol;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

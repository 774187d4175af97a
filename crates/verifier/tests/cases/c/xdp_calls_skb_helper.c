// reject: helper_not_allowed at 5
// kernel-says: program of this type cannot use helper bpf_skb_load_bytes#26
// An XDP program calls bpf_skb_load_bytes, a socket-buffer helper.
#include "cases.h"

SEC("xdp")
int wrong_helper(struct xdp_md *ctx)
{
	__u32 word = 0;

	bpf_skb_load_bytes(ctx, 0, &word, sizeof(word));
	return word ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

// drop_all: drops every frame. The lower bound of a packet hook's cost per frame: everything
// but the program itself (frame in, context, call, verdict out).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int drop_all(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";

// bridge: forwards every frame through a device map keyed by the interface it came in on
// (user space fills `ports` with ingress ifindex -> egress ifindex), and drops the frames of
// interfaces the map does not name. The live-mode tests run it between two veth pairs.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} ports SEC(".maps");

SEC("xdp")
int bridge(struct xdp_md *ctx)
{
	return bpf_redirect_map(&ports, ctx->ingress_ifindex, XDP_DROP);
}

char LICENSE[] SEC("license") = "GPL";

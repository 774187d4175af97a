/* bpf_probe_read_kernel / bpf_probe_read_kernel_str of stack buffers: full
 * copy, truncating string copy (returns bytes incl. NUL), and a read from an
 * unmapped address (-EFAULT, destination zeroed). */
#include "common.h"

struct copies {
	__s64 ret[5];
	char full[16];
	char str_short[8];
	char str_full[16];
	char bad[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct copies);
} out SEC(".maps");

SEC("xdp")
int probe_reads(struct xdp_md *ctx)
{
	char src[16] = "hello sluice";
	__u32 zero = 0;
	struct copies *c = bpf_map_lookup_elem(&out, &zero);

	if (!c)
		return XDP_ABORTED;
	__builtin_memset(c->bad, 0x55, sizeof(c->bad));
	c->ret[0] = bpf_probe_read_kernel(c->full, sizeof(c->full), src);
	c->ret[1] = bpf_probe_read_kernel_str(c->str_short, sizeof(c->str_short), src);
	c->ret[2] = bpf_probe_read_kernel_str(c->str_full, sizeof(c->str_full), src);
	c->ret[3] = bpf_probe_read_kernel(c->bad, sizeof(c->bad), (void *)16);
	c->ret[4] = bpf_probe_read_kernel_str(c->bad, sizeof(c->bad), (void *)16);
	return XDP_PASS;
}

// syscount: system calls of the traced command counted per number in a hash map, on the
// raw_syscalls/sys_enter tracepoint, which sees every call. Run it with
// `sluice trace examples/syscount.o --dump-maps -- sh -c 'ls; cat /etc/hostname'`.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 512);
	__type(key, __u32);   /* system call number */
	__type(value, __u64); /* calls */
} calls SEC(".maps");

/* The record of raw_syscalls/sys_enter. */
struct raw_sys_enter {
	__u64 common;
	long id;
	unsigned long args[6];
};

SEC("tracepoint/raw_syscalls/sys_enter")
int syscount(struct raw_sys_enter *ctx)
{
	__u32 nr = ctx->id;
	__u64 *count = bpf_map_lookup_elem(&calls, &nr);
	if (count) {
		__sync_fetch_and_add(count, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(&calls, &nr, &one, BPF_NOEXIST);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

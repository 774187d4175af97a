// getpid_count: system calls counted per process (by tgid) on their syscalls tracepoints, for
// the system call tracing benchmark (examples/syscall_overhead.rs). `count_getpid` watches
// getpid, the call the workload (getpid_loop.c) makes; `count_openat` watches openat, which
// the workload hardly makes, to measure a traced command whose calls are not watched.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);   /* tgid */
	__type(value, __u64); /* calls */
} getpid_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);   /* tgid */
	__type(value, __u64); /* calls */
} openat_calls SEC(".maps");

static __always_inline void count(void *calls)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 *value = bpf_map_lookup_elem(calls, &tgid);
	if (value) {
		__sync_fetch_and_add(value, 1);
	} else {
		__u64 one = 1;
		bpf_map_update_elem(calls, &tgid, &one, BPF_NOEXIST);
	}
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int count_getpid(void *ctx)
{
	count(&getpid_calls);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int count_openat(void *ctx)
{
	count(&openat_calls);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

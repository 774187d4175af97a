// funclatency: how long libc's open() takes in the traced command, as a histogram of
// power-of-two buckets of nanoseconds. A uprobe on the function's entry stamps the time per
// thread, a uretprobe on its return adds the elapsed time to the histogram (libbpf's
// BPF_KPROBE macros serve uprobes too; BPF_UPROBE is their newer name). Run it with
// `sluice trace examples/funclatency.o --dump-maps -- cat /etc/hostname /etc/passwd`.
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* Entry time of the call each thread is in. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);   /* thread id */
	__type(value, __u64); /* bpf_ktime_get_ns() at entry */
} start SEC(".maps");

/* Calls per bucket: bucket N counts latencies in [2^N, 2^(N+1)) ns. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 40);
	__type(key, __u32);
	__type(value, __u64);
} latency_log2_ns SEC(".maps");

/* Calls that failed (returned -1). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} failed SEC(".maps");

SEC("uprobe/libc.so.6:open")
int BPF_KPROBE(open_entry, const char *path, int flags)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 now = bpf_ktime_get_ns();

	bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
	return 0;
}

SEC("uretprobe/libc.so.6:open")
int BPF_KRETPROBE(open_return, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *entered = bpf_map_lookup_elem(&start, &tid);
	__u32 bucket = 0, zero = 0;
	__u64 *count, delta;

	if (!entered)
		return 0;
	delta = bpf_ktime_get_ns() - *entered;
	bpf_map_delete_elem(&start, &tid);
	while (bucket < 39 && delta >> (bucket + 1))
		bucket++;
	count = bpf_map_lookup_elem(&latency_log2_ns, &bucket);
	if (count)
		__sync_fetch_and_add(count, 1);
	if (ret < 0) {
		count = bpf_map_lookup_elem(&failed, &zero);
		if (count)
			__sync_fetch_and_add(count, 1);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// task: what a tracing program sees of the task it runs for. It records the pid/tgid, the
// uid/gid, the name and a user string (at the address in the context's first word) into
// `seen`, for crates/runtime/tests/task.rs.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct seen {
	__u64 pid_tgid;
	__u64 uid_gid;
	char comm[16];
	char text[32];
	long text_ret;
	long bad_ret;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct seen);
} seen SEC(".maps");

SEC("raw_tracepoint/sys_enter")
int task(__u64 *ctx)
{
	__u32 zero = 0;
	struct seen *out = bpf_map_lookup_elem(&seen, &zero);
	if (!out)
		return 0;
	out->pid_tgid = bpf_get_current_pid_tgid();
	out->uid_gid = bpf_get_current_uid_gid();
	bpf_get_current_comm(out->comm, sizeof(out->comm));
	out->text_ret = bpf_probe_read_user_str(out->text, sizeof(out->text), (void *)ctx[0]);
	out->bad_ret = bpf_probe_read_user(&out->bad_ret, 8, (void *)ctx[1]);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

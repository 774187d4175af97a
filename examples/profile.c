// profile: a stack-sampling CPU profiler. A perf_event program runs on every sample of a
// running thread of the traced command (99 times a second by default, --sample-freq), and
// counts the samples per process and user stack; --dump-maps prints the counts and the stacks,
// symbolized. Run it with
// `sluice trace examples/profile.o --dump-maps -- sh -c 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done'`.
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <bpf/bpf_helpers.h>

#define MAX_STACK_DEPTH 127

struct sample_key {
	__u32 pid;
	__s32 user_stack_id; /* in `stacks`; negative: the stack could not be taken */
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 4096);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_STACK_DEPTH * sizeof(__u64));
} stacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct sample_key);
	__type(value, __u64); /* samples */
} samples SEC(".maps");

SEC("perf_event")
int profile(struct bpf_perf_event_data *ctx)
{
	struct sample_key key = {};
	__u64 one = 1, *count;

	key.pid = bpf_get_current_pid_tgid() >> 32;
	key.user_stack_id = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	count = bpf_map_lookup_elem(&samples, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&samples, &key, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

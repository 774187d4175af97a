// execsnoop: every program the traced command executes, as a ring buffer event (pid, the
// previous thread id, comm and file name) from the sched_process_exec tracepoint, whose file
// name is a __data_loc field (offset and length in one u32). Run it with
// `sluice trace examples/execsnoop.o -- sh -c 'ls; cat /etc/hostname'`.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct exec_event {
	__u32 pid;
	__u32 old_pid;
	char comm[16];
	char filename[128];
};

/* A global of the event's type puts it in the object's BTF (clang emits BTF only for types that
 * globals, maps and functions use), where user space finds it to decode the records, as libbpf
 * skeletons do: `sluice trace examples/execsnoop.o --event-type exec_event`. */
struct exec_event unused_exec_event = {};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* The record of sched/sched_process_exec (see its format file in tracefs). */
struct sched_process_exec {
	__u64 common;
	__u32 filename_loc; /* __data_loc char[]: offset in the low 16 bits */
	__s32 pid;
	__s32 old_pid;
};

SEC("tracepoint/sched/sched_process_exec")
int execsnoop(struct sched_process_exec *ctx)
{
	struct exec_event *event = bpf_ringbuf_reserve(&events, sizeof(*event), 0);
	if (!event)
		return 0;
	event->pid = ctx->pid;
	event->old_pid = ctx->old_pid;
	bpf_get_current_comm(event->comm, sizeof(event->comm));
	unsigned offset = ctx->filename_loc & 0xffff;
	bpf_probe_read_kernel_str(event->filename, sizeof(event->filename), (void *)ctx + offset);
	bpf_printk("exec %s (pid %d)", event->filename, event->pid);
	bpf_ringbuf_submit(event, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

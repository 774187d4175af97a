// opensnoop: every openat() of the traced command, as an event in a ring buffer (pid, comm,
// flags, file name, read from the process's memory) and a trace_printk line. Run it with
// `sluice trace examples/opensnoop.o -- cat /etc/hostname`.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct open_event {
	__u32 pid;
	__u32 tid;
	__u32 flags;
	char comm[16];
	char filename[128];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* The record of syscalls/sys_enter_openat (see its format file in tracefs). */
struct sys_enter_openat {
	__u64 common;
	__s32 syscall_nr;
	__u32 pad;
	__u64 dfd;
	__u64 filename;
	__u64 flags;
	__u64 mode;
};

SEC("tracepoint/syscalls/sys_enter_openat")
int opensnoop(struct sys_enter_openat *ctx)
{
	struct open_event *event = bpf_ringbuf_reserve(&events, sizeof(*event), 0);
	if (!event)
		return 0;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	event->pid = pid_tgid >> 32;
	event->tid = (__u32)pid_tgid;
	event->flags = ctx->flags;
	bpf_get_current_comm(event->comm, sizeof(event->comm));
	bpf_probe_read_user_str(event->filename, sizeof(event->filename), (void *)ctx->filename);
	bpf_printk("%s opens %s", event->comm, event->filename);
	bpf_ringbuf_submit(event, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// event_records: records of several shapes, for crates/cli/tests/trace_output.rs. At every
// openat: a perf event record of struct open_event (a nested struct, an enum, arrays, strings),
// a ring buffer record of the same event followed by 8 more bytes, and a ring buffer record of
// 4 bytes, too short for it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum phase { PHASE_ENTER = 1, PHASE_EXIT = 2 };

struct open_args {
	__s32 dfd;
	__u32 flags;
};

struct open_event {
	__u32 pid;
	enum phase phase;
	struct open_args args;
	__u16 ports[2];
	char comm[16];
	char filename[64];
};

typedef struct open_event open_event_t;

struct padded_event {
	open_event_t event;
	__u64 trailer;
};

/* Puts the event types in the object's BTF, for --event-type. */
struct padded_event unused_padded_event = {};

/* No max_entries: the loader gives a perf event array one entry per CPU, as libbpf does. */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} opens SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} padded SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} short_records SEC(".maps");

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
int record_open(struct sys_enter_openat *ctx)
{
	struct padded_event record = {};
	record.event.pid = bpf_get_current_pid_tgid() >> 32;
	record.event.phase = PHASE_ENTER;
	record.event.args.dfd = ctx->dfd;
	record.event.args.flags = ctx->flags;
	record.event.ports[0] = 80;
	record.event.ports[1] = 443;
	bpf_get_current_comm(record.event.comm, sizeof(record.event.comm));
	bpf_probe_read_user_str(record.event.filename, sizeof(record.event.filename),
				(void *)ctx->filename);
	record.trailer = 0x1122334455667788;
	bpf_perf_event_output(ctx, &opens, BPF_F_CURRENT_CPU, &record.event, sizeof(record.event));
	bpf_ringbuf_output(&padded, &record, sizeof(record), 0);
	bpf_ringbuf_output(&short_records, &record.event.pid, sizeof(record.event.pid), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// opendeny: a policy that denies opening files under a chosen directory. A kprobe on the
// openat system call reads the path the process passes; when it lies under `denied_dir`, the
// program calls bpf_override_return(ctx, -EACCES): the call does not run and the process sees
// "Permission denied". Run it with
// `sluice trace examples/opendeny.o --enforce --set-str denied_dir=/etc/ssl -- cat /etc/ssl/openssl.cnf`.
// The path is compared as given: a relative path (openat from a directory descriptor) is not
// resolved, as with any path-prefix policy on system call arguments.
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define EACCES 13
#define DIR_MAX 64
#define PATH_MAX_READ 256

/* The directory to protect, without a trailing slash; set it with --set-str. */
const volatile char denied_dir[DIR_MAX] = "/nonexistent";

/* Calls denied. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} denied SEC(".maps");

/* __x64_sys_openat(const struct pt_regs *regs): the user registers of the call, in kernel
 * memory; the path is the second argument (rsi). */
SEC("kprobe/__x64_sys_openat")
int opendeny(struct pt_regs *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)PT_REGS_PARM1(ctx);
	char path[PATH_MAX_READ];
	const char *user_path;
	__u32 zero = 0;
	__u64 *count;
	int i;

	if (bpf_probe_read_kernel(&user_path, sizeof(user_path), &regs->rsi))
		return 0;
	if (bpf_probe_read_user_str(path, sizeof(path), user_path) < 0)
		return 0;
	for (i = 0; i < DIR_MAX; i++) {
		if (denied_dir[i] == 0)
			break;
		if (path[i] != denied_dir[i])
			return 0;
	}
	/* The directory itself, or something under it. */
	if (i == 0 || i == DIR_MAX || (path[i] != '/' && path[i] != 0))
		return 0;
	bpf_printk("denied %s", path);
	count = bpf_map_lookup_elem(&denied, &zero);
	if (count)
		__sync_fetch_and_add(count, 1);
	bpf_override_return(ctx, -EACCES);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

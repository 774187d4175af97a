// raw_and_unwrapped: openat seen from raw_tracepoint/sys_enter and sys_exit (args[0] points to
// the user registers in kernel memory, args[1] is the number or the result) and from a kprobe
// on the unwrapped sys_openat (the arguments in the C convention: di, si, dx). For
// crates/cli/tests/trace.rs.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The kernel's struct pt_regs on x86-64 (its field names, not the uapi header's). */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di;
	unsigned long orig_ax, ip, cs, flags, sp, ss;
};

SEC("raw_tracepoint/sys_enter")
int raw_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs user;
	char name[64];

	if (ctx->args[1] != 257)
		return 0;
	if (bpf_probe_read_kernel(&user, sizeof(user), (void *)ctx->args[0]))
		return 0;
	bpf_probe_read_user_str(name, sizeof(name), (void *)user.si);
	bpf_printk("raw enter openat(%s)", name);
	return 0;
}

SEC("raw_tracepoint/sys_exit")
int raw_exit(struct bpf_raw_tracepoint_args *ctx)
{
	unsigned long nr;

	if (bpf_probe_read_kernel(&nr, sizeof(nr), &((struct pt_regs *)ctx->args[0])->orig_ax))
		return 0;
	if (nr == 257)
		bpf_printk("raw exit openat = %ld", (long)ctx->args[1]);
	return 0;
}

SEC("kprobe/sys_openat")
int unwrapped(struct pt_regs *ctx)
{
	char name[64];

	bpf_probe_read_user_str(name, sizeof(name), (void *)ctx->si);
	bpf_printk("sys_openat(%d, %s)", (int)ctx->di, name);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

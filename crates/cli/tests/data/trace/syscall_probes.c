// syscall_probes: a kprobe and a return probe on openat's kernel function, reading the
// system call's arguments as libbpf's BPF_KSYSCALL does on x86-64: the function's first
// argument (di) points to the user registers, read with bpf_probe_read_kernel. Prints the
// file name and, on return, the result. For crates/cli/tests/trace.rs.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The kernel's struct pt_regs on x86-64 (its field names, not the uapi header's). */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di;
	unsigned long orig_ax, ip, cs, flags, sp, ss;
};

SEC("kprobe/__x64_sys_openat")
int enter_openat(struct pt_regs *ctx)
{
	struct pt_regs user;
	char name[64];
	if (bpf_probe_read_kernel(&user, sizeof(user), (void *)ctx->di))
		return 0;
	bpf_probe_read_user_str(name, sizeof(name), (void *)user.si);
	bpf_printk("openat(%s) nr %lu", name, user.orig_ax);
	return 0;
}

SEC("kretsyscall/openat")
int exit_openat(struct pt_regs *ctx)
{
	bpf_printk("openat returned %ld", (long)ctx->ax);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

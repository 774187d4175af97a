// getpid_loop N [--seccomp]: the workload of the system call tracing benchmark
// (examples/syscall_overhead.rs). It makes N getpid system calls, through syscall(2) so that
// no C library can answer from a cache, and prints nothing but the time they took, in
// nanoseconds, on stderr (the start and exec of the process are left out). With --seccomp it
// first installs a seccomp filter of the shape sluice trace installs (openat would stop for a
// tracer, every other call is allowed), without any tracer: the kernel's cost of a filter alone.
#define _GNU_SOURCE
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int install_filter(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog program = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_SPEC_ALLOW, &program)) {
		perror("getpid_loop: seccomp");
		return -1;
	}
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "--seccomp"))) {
		fprintf(stderr, "usage: getpid_loop N [--seccomp]\n");
		return 2;
	}
	char *end;
	long n = strtol(argv[1], &end, 10);
	if (*end != '\0' || n < 0) {
		fprintf(stderr, "getpid_loop: not a count: %s\n", argv[1]);
		return 2;
	}
	if (argc == 3 && install_filter())
		return 1;
	long long start = now_ns();
	for (long i = 0; i < n; i++)
		syscall(SYS_getpid);
	fprintf(stderr, "%lld\n", now_ns() - start);
	return 0;
}

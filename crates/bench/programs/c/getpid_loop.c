// getpid_loop N: the workload of the system call tracing benchmark
// (examples/syscall_overhead.rs). It makes N getpid system calls, through syscall(2) so that
// no C library can answer from a cache, and prints nothing but the time they took, in
// nanoseconds, on stderr (the start and exec of the process are left out).
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: getpid_loop N\n");
		return 2;
	}
	char *end;
	long n = strtol(argv[1], &end, 10);
	if (*end != '\0' || n < 0) {
		fprintf(stderr, "getpid_loop: not a count: %s\n", argv[1]);
		return 2;
	}
	long long start = now_ns();
	for (long i = 0; i < n; i++)
		syscall(SYS_getpid);
	fprintf(stderr, "%lld\n", now_ns() - start);
	return 0;
}

/* Current-task helpers from a BPF_PROG_TYPE_SYSCALL program (test-run calls it
 * in the context of the process issuing bpf()): pid/tgid, uid/gid, comm.
 * Only facts are compared; raw values go to a nondeterministic map. */
#include "common.h"

RESULTS_MAP(facts, 6);
RESULTS_MAP(raw, 3);

SEC("syscall")
int task_facts(void *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();
	char comm[16] = {};
	long r = bpf_get_current_comm(comm, sizeof(comm));

	record(&raw, 0, pid_tgid);
	record(&raw, 1, uid_gid);
	record(&raw, 2, comm[0]);
	record(&facts, 0, pid_tgid != 0);
	record(&facts, 1, (pid_tgid >> 32) != 0 && (__u32)pid_tgid != 0);
	record(&facts, 2, r);
	record(&facts, 3, comm[0] != 0);
	record(&facts, 4, bpf_get_current_task() != 0);
	comm[3] = 'x';
	r = bpf_get_current_comm(comm, 4); /* truncated, NUL-terminated */
	record(&facts, 5, r == 0 && comm[3] == 0);
	return 0;
}

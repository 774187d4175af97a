// CO-RE relocations of every kind (field offset, size, existence, signedness, bitfield shifts,
// local and target type ids, type existence, size and match, enumerator existence and value),
// against types with flavors, anonymous members, arrays and bitfields. The relocations on
// `task_struct___local` and `pid_type___local` are resolved against the running kernel's BTF;
// the others against core_target.o. Used by tests/btf_core.rs; rebuild with ./build.sh.
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___local {
	int pid;
	int tgid;
	char comm[16];
} __attribute__((preserve_access_index));

enum pid_type___local { PIDTYPE_TGID___local = 7, PIDTYPE_BOGUS___local = 8 };

struct sample {
	int a;
	short b;
	struct {
		int c;
		int d;
	};
	unsigned int bf_u : 3;
	int bf_s : 5;
	char arr[4][3];
	void *ptr;
	unsigned int grow;
	int shrink_signed;
	int missing_in_target;
} __attribute__((preserve_access_index));

struct sample___v2 {
	long long renamed_in_v2;
	int a;
} __attribute__((preserve_access_index));

enum sample_enum { SE_ONE = 1, SE_TWO = 2, SE_GONE = 3 };

struct point {
	int x;
	int y;
} __attribute__((preserve_access_index));

struct absent_type {
	int x;
} __attribute__((preserve_access_index));

struct dup {
	int y;
} __attribute__((preserve_access_index));

struct same {
	int x;
} __attribute__((preserve_access_index));

__u64 out[64];

SEC("kprobe/do_nothing")
int core_prog(void *ctx)
{
	struct task_struct___local *task = (void *)bpf_get_current_task();
	struct sample *s = ctx;
	struct sample___v2 *v2 = ctx;
	struct dup *dup = ctx;
	struct same *same = ctx;

	/* Against the kernel's BTF. */
	out[0] = BPF_CORE_READ(task, pid);
	out[1] = task->tgid;
	out[2] = bpf_core_field_size(task->comm);
	out[3] = bpf_core_field_exists(task->comm);
	out[4] = bpf_core_enum_value(enum pid_type___local, PIDTYPE_TGID___local);
	out[5] = bpf_core_enum_value_exists(enum pid_type___local, PIDTYPE_BOGUS___local);
	out[6] = bpf_core_type_exists(struct task_struct___local);

	/* Against core_target.o. */
	out[10] = s->b;
	out[11] = s->c;
	out[12] = s->arr[2][1];
	out[13] = bpf_core_field_size(s->arr);
	out[14] = bpf_core_field_size(s->b);
	out[15] = bpf_core_field_exists(s->missing_in_target);
	out[16] = BPF_CORE_READ_BITFIELD(s, bf_u);
	out[17] = BPF_CORE_READ_BITFIELD(s, bf_s);
	out[18] = (__u64)s->ptr;
	out[19] = s->grow;
	out[20] = s->shrink_signed;
	out[21] = v2->a;
	out[22] = bpf_core_type_id_local(struct sample);
	out[23] = bpf_core_type_id_kernel(struct sample);
	out[24] = bpf_core_type_exists(struct absent_type);
	out[25] = bpf_core_type_size(struct sample);
	out[26] = bpf_core_type_matches(struct point);
	out[27] = bpf_core_type_matches(struct sample);
	out[28] = bpf_core_enum_value_exists(enum sample_enum, SE_GONE);
	out[29] = bpf_core_enum_value(enum sample_enum, SE_TWO);
	out[30] = bpf_core_field_exists(s->missing_in_target) ? s->missing_in_target : 0;
	out[31] = dup->y;
	out[32] = same->x;
	out[33] = bpf_core_field_offset(s->d);
	return 0;
}

char _license[] SEC("license") = "GPL";

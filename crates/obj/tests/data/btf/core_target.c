// The "kernel" that core.o's relocations are resolved against in tests/btf_core.rs: the same
// type names as core.c with other layouts, flavors that agree and flavors that disagree.
// Only its .BTF is used. Rebuild with ./build.sh.
#include <linux/types.h>

#define SEC(name) __attribute__((section(name), used))

struct sample {
	__u64 added_first;
	int a;
	short b;
	unsigned short pad;
	struct {
		int d;
		int c;
	};
	unsigned int pad_bits : 7;
	unsigned int bf_u : 9;
	int bf_s : 4;
	char arr[5][3];
	void *ptr;
	__u64 grow;
	short shrink_signed;
};

enum sample_enum { SE_ONE = 1, SE_TWO = 20 };

struct point {
	int x;
	int y;
};

struct dup___a {
	int x;
	int y;
};

struct dup___b {
	int y;
	int x;
};

struct same___a {
	int x;
};

struct same___b {
	int x;
};

struct sample sample_global;
enum sample_enum sample_enum_global;
struct point point_global;
struct dup___a dup_a_global;
struct dup___b dup_b_global;
struct same___a same_a_global;
struct same___b same_b_global;

char _license[] SEC("license") = "GPL";

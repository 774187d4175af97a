// Every BTF kind clang emits for a BPF object: integers of each width and sign, bitfields,
// unions (named and anonymous), enums (signed, unsigned, 64-bit), typedef chains, arrays of
// one and two dimensions, function pointers, qualifiers, floats, type and declaration tags,
// global variables in .data, .bss and .rodata, and a BTF-defined hash map. Used by
// tests/btf_parse.rs and tests/btf_ext.rs; rebuild with ./build.sh.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

typedef __u32 u32_alias;
typedef u32_alias u32_alias2;
typedef const volatile u32_alias2 cv_u32;

enum color { RED, GREEN = 5, BLUE = 0xff };
enum delta { MINUS = -2, ZERO = 0, PLUS = 2 };
enum wide { SMALL = 1, HUGE = 0x1234567890ULL };

struct flags {
	__u8 valid : 1;
	__u8 kind : 3;
	__u32 count : 20;
	__s32 signed_bits : 5;
	__u64 wide : 40;
};

union number {
	__u64 u;
	__s64 s;
	double d;
	unsigned char bytes[8];
};

struct inner {
	__u16 port;
	unsigned char mac[6];
};

typedef int (*callback_fn)(void *ctx, __u64 arg);

struct foo {
	__u32 id;
	char name[16];
	struct flags flags;
	union number num;
	enum color color;
	enum delta delta;
	enum wide wide;
	struct inner hosts[2];
	__u32 matrix[2][3];
	u32_alias2 aliased;
	float ratio;
	union {
		__u32 anon_a;
		__u16 anon_b;
	};
	struct {
		__u8 nested_x;
		__u8 nested_y;
	} named_anon;
	callback_fn cb;
	const char *label;
	struct foo *next;
	_Bool ok;
	__s8 small;
	short shorty;
	long long big;
};

struct tagged {
	int __attribute__((btf_decl_tag("field_tag"))) tagged_field;
	int __attribute__((btf_type_tag("user"))) *user_ptr;
} __attribute__((btf_decl_tag("struct_tag")));

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct foo);
	__uint(max_entries, 16);
} foo_map SEC(".maps");

__u64 counter = 7;
struct foo zeroed_foo;
const volatile cv_u32 limit = 100;
const char greeting[] = "hello";
struct tagged tagged_global;

struct opaque;
union opaque_union;
struct opaque *opaque_ptr;
union opaque_union *opaque_union_ptr;

extern int LINUX_KERNEL_VERSION __kconfig;
extern void bpf_rcu_read_lock(void) __ksym __weak;

static __attribute__((noinline)) int helper_sum(const struct foo *f, int *restrict extra)
{
	int sum = f->id + f->flags.count;
	sum += f->matrix[1][2];
	return sum + *extra;
}

SEC("xdp")
int types_prog(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct foo *f = bpf_map_lookup_elem(&foo_map, &key);
	if (!f)
		return 1;
	counter += limit + LINUX_KERNEL_VERSION;
	f->color = BLUE;
	if (bpf_rcu_read_lock)
		bpf_rcu_read_lock();
	return helper_sum(f, &tagged_global.tagged_field) > 3 ? 2 : 1;
}

char _license[] SEC("license") = "GPL";

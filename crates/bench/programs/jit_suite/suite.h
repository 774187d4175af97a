/* Shared header of the JIT benchmark suite: lets one C source build both as an XDP program
 * (clang -target bpf, see build.sh) and natively (the cc crate, see crates/bench/build.rs).
 *
 * Every program is declared with SUITE_PROGRAM(name) and reads its input from the packet
 * between SUITE_DATA(ctx) and SUITE_DATA_END(ctx), checking bounds as the verifier requires.
 * In BPF it is `SEC("xdp") int name(struct xdp_md *ctx)`; natively it is
 * `int suite_native_name(struct suite_ctx *ctx)`, where the context holds real pointers.
 * Maps are declared with SUITE_MAP; natively they are small tables in suite_native.c behind
 * the same helper names (bpf_map_lookup_elem, bpf_map_update_elem).
 *
 * Every program must pass the kernel's verifier and Sluice's (build.sh, then `sluice verify`
 * and `bpftool prog loadall`). What that took so far:
 * - loops are bounded; a packet access at a variable offset is checked against data_end
 *   right before it (a check of the whole range before the loop covers constant offsets only);
 * - SUITE_OPAQUE where clang would otherwise fold a check away or re-express it (a `- 1`
 *   folded into an access as a negative offset, a mask the verifier needs to see a bound);
 * - per-item work with many branches (a frame, a checksum) goes in a SUITE_GLOBAL_FUNC, which
 *   the verifiers check once instead of once per item. */
#ifndef SLUICE_JIT_SUITE_H
#define SLUICE_JIT_SUITE_H

#include <linux/types.h>
#include <linux/bpf.h>

#ifdef __bpf__

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define SUITE_PROGRAM(name) SEC("xdp") int name(struct xdp_md *ctx)
/* The context type, for functions that take it. */
#define SUITE_CTX struct xdp_md
/* A global BPF-to-BPF function: the verifier checks it once, on its own, with unknown
 * scalar arguments, instead of once per call. It may take only the context and scalars. */
#define SUITE_GLOBAL_FUNC __attribute__((noinline))
#define SUITE_DATA(ctx) ((void *)(long)(ctx)->data)
#define SUITE_DATA_END(ctx) ((void *)(long)(ctx)->data_end)
#define SUITE_MAP(name, map_type, key_t, value_t, n) \
	struct {                                     \
		__uint(type, map_type);              \
		__type(key, key_t);                  \
		__type(value, value_t);              \
		__uint(max_entries, n);              \
	} name SEC(".maps")
#define SUITE_LICENSE char _license[] SEC("license") = "GPL"

#else /* native */

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the native build assumes a little-endian host, as the BPF objects do"
#endif

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

/* What the native entry points receive instead of struct xdp_md. */
struct suite_ctx {
	void *data;
	void *data_end;
};

/* A map of the native build: a hash table or an array (suite_native.c). */
struct suite_map {
	__u32 map_type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	/* filled on first use */
	unsigned char *storage;
	__u32 capacity;
	__u32 count;
	struct suite_map *next;
};

void *bpf_map_lookup_elem(void *map, const void *key);
long bpf_map_update_elem(void *map, const void *key, const void *value, __u64 flags);

#define SUITE_PROGRAM(name) int suite_native_##name(struct suite_ctx *ctx)
#define SUITE_CTX struct suite_ctx
#define SUITE_GLOBAL_FUNC static __attribute__((noinline))
#define SUITE_DATA(ctx) ((ctx)->data)
#define SUITE_DATA_END(ctx) ((ctx)->data_end)
#define SUITE_MAP(name, map_type, key_t, value_t, n)                  \
	static struct suite_map name = { (map_type), sizeof(key_t), \
					 sizeof(value_t), (n), 0, 0, 0, 0 }
#define SUITE_LICENSE struct suite_unused_license

#define bpf_htons(x) ((__u16)__builtin_bswap16((__u16)(x)))
#define bpf_ntohs(x) ((__u16)__builtin_bswap16((__u16)(x)))
#define bpf_htonl(x) ((__u32)__builtin_bswap32((__u32)(x)))
#define bpf_ntohl(x) ((__u32)__builtin_bswap32((__u32)(x)))

#endif /* __bpf__ */

/* Hides how `var` was computed from the C compiler (libbpf's barrier_var): a branch-free
 * formulation stays branch-free instead of being folded back into a comparison, and a bounds
 * check stays in the form the verifiers follow. It emits no instruction. */
#define SUITE_OPAQUE(var) asm volatile("" : "+r"(var))

/* Loads and stores of packet words. The BPF build uses plain typed accesses, as XDP code does
 * (the kernel and every engine here allow unaligned packet access on x86-64); the native build
 * marks the types as possibly unaligned and aliasing so the C compiler may not assume more. */
#ifdef __bpf__
typedef __u16 suite_u16;
typedef __u32 suite_u32;
typedef __u64 suite_u64;
#else
typedef __u16 __attribute__((aligned(1), may_alias)) suite_u16;
typedef __u32 __attribute__((aligned(1), may_alias)) suite_u32;
typedef __u64 __attribute__((aligned(1), may_alias)) suite_u64;
#endif

static __always_inline __u16 suite_load16(const void *p)
{
	return *(const suite_u16 *)p;
}

static __always_inline __u32 suite_load32(const void *p)
{
	return *(const suite_u32 *)p;
}

static __always_inline __u64 suite_load64(const void *p)
{
	return *(const suite_u64 *)p;
}

static __always_inline void suite_store16(void *p, __u16 value)
{
	*(suite_u16 *)p = value;
}

static __always_inline void suite_store32(void *p, __u32 value)
{
	*(suite_u32 *)p = value;
}

#endif /* SLUICE_JIT_SUITE_H */

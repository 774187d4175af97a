/* Shared includes for the verifier's C cases. */
#ifndef SLUICE_VERIFIER_CASES_H
#define SLUICE_VERIFIER_CASES_H
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* A value with a spin lock, as the lock helpers need it (described by BTF). */
struct locked {
	struct bpf_spin_lock lock;
	__u64 count;
};

#define LOCKED_ARRAY(name)                            \
	struct {                                      \
		__uint(type, BPF_MAP_TYPE_ARRAY);     \
		__uint(max_entries, 1);               \
		__type(key, __u32);                   \
		__type(value, struct locked);         \
	} name SEC(".maps")

#endif

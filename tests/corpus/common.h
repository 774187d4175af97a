/* Shared includes and small helpers for the Sluice differential corpus. */
#ifndef SLUICE_CORPUS_COMMON_H
#define SLUICE_CORPUS_COMMON_H
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#ifndef ETH_P_8021Q
#define ETH_P_8021Q 0x8100
#endif
#ifndef ETH_P_8021AD
#define ETH_P_8021AD 0x88A8
#endif

/* linux/icmp.h drags in libc headers that do not exist for the BPF target */
struct icmphdr_min {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 sequence;
};

struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

/* An array of signed 64-bit results, indexed by step number. */
#define RESULTS_MAP(name, n)                                  \
	struct {                                              \
		__uint(type, BPF_MAP_TYPE_ARRAY);             \
		__uint(max_entries, n);                       \
		__type(key, __u32);                           \
		__type(value, __s64);                         \
	} name SEC(".maps")

static __always_inline void record(void *map, __u32 idx, __s64 val)
{
	__s64 *slot = bpf_map_lookup_elem(map, &idx);
	if (slot)
		*slot = val;
}

char LICENSE[] SEC("license") = "GPL";
#endif

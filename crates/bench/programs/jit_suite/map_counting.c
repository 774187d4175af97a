// map_counting: per-flow and per-port counters in maps, as a flow monitor keeps them. The
// packet holds 128 flow records of 16 bytes: IPv4 source and destination (4 bytes each), TCP
// source and destination ports (2 bytes each, all in network order), the IP protocol (1 byte,
// then a pad byte) and a little-endian u16 byte count (then 2 pad bytes); then a u32 seed.
// For each record the program looks its flow up in the hash map `flows` (key: addresses,
// ports, protocol as a u32) and adds one packet and the byte count to it, or inserts it with
// BPF_NOEXIST when it is new; then it counts the record in the array map `ports`, at the
// destination port's low byte. acc starts at 0 and takes, per record,
// acc = acc * 7 + (1 + the flow's packet count before the update) for a hit, acc * 7 + 2 for
// an insert and acc * 7 + 3 for a failed insert (32-bit arithmetic); returns acc ^ seed.
// Only the first run on empty maps has a result that does not depend on earlier runs; the
// maps keep counting over repeated runs, as in the kernel.
#include "suite.h"

#define RECORDS 128

struct flow_key {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u32 proto;
};

struct flow_stats {
	__u64 packets;
	__u64 bytes;
};

SUITE_MAP(flows, BPF_MAP_TYPE_HASH, struct flow_key, struct flow_stats, 1024);
SUITE_MAP(ports, BPF_MAP_TYPE_ARRAY, __u32, __u64, 256);

SUITE_PROGRAM(map_counting)
{
	const unsigned char *data = SUITE_DATA(ctx);
	const unsigned char *data_end = SUITE_DATA_END(ctx);
	if (data + RECORDS * 16 + 4 > data_end)
		return 0;
	__u32 acc = 0;
	for (__u32 i = 0; i < RECORDS; i++) {
		const unsigned char *record = data + i * 16;
		struct flow_key key = {
			.saddr = suite_load32(record),
			.daddr = suite_load32(record + 4),
			.sport = suite_load16(record + 8),
			.dport = suite_load16(record + 10),
			.proto = record[12],
		};
		__u64 bytes = suite_load16(record + 14);
		struct flow_stats *stats = bpf_map_lookup_elem(&flows, &key);
		if (stats) {
			acc = acc * 7 + 1 + (__u32)stats->packets;
			stats->packets += 1;
			stats->bytes += bytes;
		} else {
			struct flow_stats fresh = { .packets = 1, .bytes = bytes };
			if (bpf_map_update_elem(&flows, &key, &fresh, BPF_NOEXIST) == 0)
				acc = acc * 7 + 2;
			else
				acc = acc * 7 + 3;
		}
		__u32 port = bpf_ntohs(key.dport) & 0xff;
		__u64 *count = bpf_map_lookup_elem(&ports, &port);
		if (count)
			*count += 1;
	}
	return (int)(acc ^ suite_load32(data + RECORDS * 16));
}

SUITE_LICENSE;

/* bpf_get_smp_processor_id and bpf_get_numa_node_id: only facts compared
 * (cpu < 1024, the id indexes a percpu array); the raw ids are kept apart. */
#include "common.h"

RESULTS_MAP(facts, 4);
RESULTS_MAP(raw_ids, 2);

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} my_cpu SEC(".maps");

SEC("tc")
int cpu_id(struct __sk_buff *skb)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u32 zero = 0, *slot;

	record(&raw_ids, 0, cpu);
	record(&raw_ids, 1, bpf_get_numa_node_id());
	record(&facts, 0, cpu < 1024);
	record(&facts, 1, bpf_get_numa_node_id() >= 0);
	slot = bpf_map_lookup_elem(&my_cpu, &zero);
	if (slot) {
		*slot = cpu + 1;
		record(&facts, 2, *slot == cpu + 1);
	}
	return TC_ACT_OK;
}

/* bpf_strncmp(s1, s1_sz, s2): s2 must be a constant string in a read-only
 * map (.rodata). The packet payload after the UDP header is compared. */
#include "common.h"

RESULTS_MAP(cmp, 6);

SEC("xdp")
int strncmp_check(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	char *payload = data + sizeof(struct ethhdr) + sizeof(struct iphdr) + sizeof(struct udphdr);
	char buf[8] = {};
	char eq[8] = "GET /";

	if ((void *)(payload + 8) > data_end)
		return XDP_PASS;
	__builtin_memcpy(buf, payload, 8);
	buf[7] = 0;
	record(&cmp, 0, bpf_strncmp(buf, 8, "GET /"));
	record(&cmp, 1, bpf_strncmp(buf, 4, "GET /"));   /* only 4 bytes of buf */
	record(&cmp, 2, bpf_strncmp(buf, 8, "POST /"));
	record(&cmp, 3, bpf_strncmp(buf, 8, "DELETE"));
	record(&cmp, 4, bpf_strncmp(eq, 8, "GET /"));
	record(&cmp, 5, bpf_strncmp(buf, 1, ""));
	return XDP_PASS;
}

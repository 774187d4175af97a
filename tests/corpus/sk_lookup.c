/* An sk_lookup program run with a struct bpf_sk_lookup ctx_in (no data):
 * it reads the lookup's family, protocol, addresses and ports and returns
 * SK_DROP for local port 7 and SK_PASS otherwise (no socket is selected). */
#include "common.h"

RESULTS_MAP(seen, 8);

SEC("sk_lookup")
int lookup_ports(struct bpf_sk_lookup *ctx)
{
	record(&seen, 0, ctx->family);
	record(&seen, 1, ctx->protocol);
	record(&seen, 2, bpf_ntohl(ctx->remote_ip4));
	record(&seen, 3, bpf_ntohl(ctx->local_ip4));
	record(&seen, 4, bpf_ntohs(ctx->remote_port));
	record(&seen, 5, ctx->local_port);
	record(&seen, 6, ctx->sk == 0);
	return ctx->local_port == 7 ? SK_DROP : SK_PASS;
}

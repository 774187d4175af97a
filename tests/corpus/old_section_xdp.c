/* Old section spelling SEC("xdp_prog"): libbpf >= 1.0 cannot guess the type
 * (only "xdp", "xdp.frags", "xdp/devmap", ... are known), so the object loads
 * only with an explicit `type xdp`. Drops frames shorter than 64 bytes. */
#include "common.h"

SEC("xdp_prog")
int xdp_min_len(struct xdp_md *ctx)
{
	return ctx->data_end - ctx->data < 64 ? XDP_DROP : XDP_PASS;
}

/* Packet helper edge cases recorded from the kernel (record-kernel.sh) and compared with
 * Sluice by crates/runtime/tests/helpers.rs: skb load/store bytes bounds, relative loads,
 * l3/l4 checksum flag and offset errors, pull_data, csum_update, redirect_peer/neigh,
 * perf_event_output and ringbuf_output flags, for_each over per-CPU and hash maps (with a
 * delete inside the callback), trace_vprintk's 12 arguments, hash invalidation, and the XDP
 * adjust helpers around metadata. Results go to slots of the `out` array. */
#include "../../../../../tests/corpus/common.h"

struct bpf_map;

struct res { __s64 ret; char out[56]; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 96); __type(key, __u32); __type(value, struct res); } out SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(max_entries, 4); __uint(key_size, 4); __uint(value_size, 4); } perf SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } ring SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 3); __type(key, __u32); __type(value, __u64); } pcpu SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 8); __type(key, __u64); __type(value, __u64); } h SEC(".maps");

static __always_inline struct res *slot(__u32 i) { return bpf_map_lookup_elem(&out, &i); }
#define R(i, expr) do { struct res *r = slot(i); if (r) r->ret = (expr); } while (0)
#define RB(i, expr, buf) do { struct res *r = slot(i); if (r) { r->ret = (expr); __builtin_memcpy(r->out, buf, sizeof(buf)); } } while (0)

static long pc_cb(struct bpf_map *map, __u32 *key, __u64 *val, void *ctx) { *val += *key + 1; return 0; }
static long h_cb(struct bpf_map *map, __u64 *key, __u64 *val, __u64 *acc) { *acc += *key * 10 + *val; if (*key == 3) bpf_map_delete_elem(map, key); return 0; }
static long stop_cb(__u32 i, void *c) { return 1; }

SEC("tc")
int tc_edges(struct __sk_buff *skb)
{
	__u8 buf[8] = {};
	__u32 len = skb->len;
	__u8 nh[20] = {};
	__u64 acc = 0, k;
	__u64 va[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	static const char f12[] = "%d %d %d %d %d %d %d %d %d %d %d %d";

	RB(0, bpf_skb_load_bytes(skb, 0xffffffff, buf, 4), buf);
	RB(1, bpf_skb_load_bytes(skb, len - 4, buf, 4), buf);
	__builtin_memset(buf, 0x77, 8);
	RB(2, bpf_skb_load_bytes(skb, len - 3, buf, 4), buf);
	RB(3, bpf_skb_load_bytes_relative(skb, 0, buf, 8, BPF_HDR_START_MAC), buf);
	RB(4, bpf_skb_load_bytes_relative(skb, 0, buf, 8, BPF_HDR_START_NET), buf);
	__builtin_memset(buf, 0x77, 8);
	RB(5, bpf_skb_load_bytes_relative(skb, 0, buf, 8, 2), buf);
	RB(6, bpf_skb_load_bytes_relative(skb, 0x10000, buf, 8, BPF_HDR_START_NET), buf);
	RB(7, bpf_skb_load_bytes_relative(skb, len - 14 - 8, buf, 8, BPF_HDR_START_NET), buf);
	RB(8, bpf_skb_load_bytes_relative(skb, len - 14 - 7, buf, 8, BPF_HDR_START_NET), buf);
	R(9, bpf_l3_csum_replace(skb, 25, 0, 0, 0));
	R(10, bpf_l3_csum_replace(skb, 24, 0, 0, 8));
	R(11, bpf_l3_csum_replace(skb, 24, 0, 0, BPF_F_PSEUDO_HDR));
	R(12, bpf_l3_csum_replace(skb, len - 1, 0, 0, 0));
	R(13, bpf_l3_csum_replace(skb, 24, 1, 0, 0));
	R(14, bpf_l3_csum_replace(skb, 0x10000, 0, 0, 0));
	R(15, bpf_l4_csum_replace(skb, 40, 0, 0, 0x100));
	R(16, bpf_l4_csum_replace(skb, 40, 0x1234, 0x4321, 2 | BPF_F_IPV6));
	R(17, bpf_skb_pull_data(skb, 0));
	R(18, bpf_skb_pull_data(skb, len + 1));
	R(19, bpf_csum_update(skb, 5));
	R(20, bpf_redirect_peer(1, 0));
	R(21, bpf_redirect_peer(1, 1));
	R(22, bpf_redirect_neigh(1, (void *)nh, 4, 0));
	R(23, bpf_redirect_neigh(1, (void *)nh, 20, 0));
	R(24, bpf_perf_event_output(skb, &perf, BPF_F_CURRENT_CPU | ((__u64)(len + 1) << 32), buf, 8));
	R(25, bpf_perf_event_output(skb, &perf, BPF_F_CURRENT_CPU | (1ULL << 60), buf, 8));
	R(26, bpf_perf_event_output(skb, &perf, 4, buf, 8));
	R(27, bpf_ringbuf_output(&ring, buf, 8, 4));
	R(28, bpf_ringbuf_output(&ring, buf, 8, BPF_RB_FORCE_WAKEUP));
	{ void *p = bpf_ringbuf_reserve(&ring, 8, 1); R(29, p != 0); if (p) bpf_ringbuf_discard(p, 0); }
	R(30, bpf_ringbuf_query(&ring, BPF_RB_AVAIL_DATA));
	R(31, bpf_for_each_map_elem(&pcpu, pc_cb, 0, 0));
	R(32, bpf_for_each_map_elem(&pcpu, pc_cb, 0, 1));
	k = 1; bpf_map_update_elem(&h, &k, &k, 0);
	k = 3; bpf_map_update_elem(&h, &k, &k, 0);
	k = 5; bpf_map_update_elem(&h, &k, &k, 0);
	R(33, bpf_for_each_map_elem(&h, h_cb, &acc, 0));
	R(34, acc);
	acc = 0;
	R(35, bpf_for_each_map_elem(&h, h_cb, &acc, 0));
	R(36, acc);
	R(37, bpf_loop(5, stop_cb, 0, 0));
	R(38, bpf_trace_vprintk(f12, sizeof(f12), va, sizeof(va)));
	R(39, bpf_trace_vprintk(f12, sizeof(f12), va, 12));
	R(40, bpf_trace_vprintk("%d", 3, va, 0));
	R(41, bpf_skb_store_bytes(skb, len - 4, buf, 4, BPF_F_INVALIDATE_HASH));
	R(42, bpf_set_hash(skb, 0xabcd));
	R(43, bpf_skb_store_bytes(skb, len - 4, buf, 4, BPF_F_INVALIDATE_HASH));
	R(44, skb->hash);
	R(45, bpf_set_hash(skb, 0xabcd));
	bpf_set_hash_invalid(skb);
	R(46, skb->hash);
	R(47, bpf_skb_store_bytes(skb, 0xffffffff, buf, 4, 0));
	R(48, bpf_l4_csum_replace(skb, 40, 0, 0x1234, BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE));
	return TC_ACT_OK;
}

SEC("xdp")
int xdp_edges(struct xdp_md *ctx)
{
	__u8 buf[8] = {};
	R(0, bpf_xdp_adjust_meta(ctx, -4));
	R(1, bpf_xdp_adjust_head(ctx, -8));
	R(2, bpf_xdp_adjust_meta(ctx, -3));
	R(3, bpf_xdp_adjust_meta(ctx, 8));
	R(4, bpf_xdp_adjust_meta(ctx, -256));
	R(5, bpf_xdp_adjust_tail(ctx, 0));
	R(6, bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU | (60ULL << 32), buf, 8));
	R(7, bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU | (59ULL << 32), buf, 8));
	R(8, bpf_redirect(1, BPF_F_INGRESS));
	R(9, bpf_xdp_adjust_head(ctx, 8));
	R(10, bpf_xdp_adjust_meta(ctx, 4));
	R(11, bpf_xdp_adjust_tail(ctx, 4));
	R(12, bpf_xdp_adjust_head(ctx, 0));
	return XDP_PASS;
}

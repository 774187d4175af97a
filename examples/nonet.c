// nonet: an LSM policy that keeps the traced command off the network. The socket_create hook
// returns -EACCES for IPv4 and IPv6 sockets, which denies the socket() call as an LSM does;
// local (AF_UNIX) sockets stay allowed. Run it with
// `sluice trace examples/nonet.o --enforce -- bash -c 'echo hi > /dev/tcp/127.0.0.1/80'`.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define AF_INET 2
#define AF_INET6 10
#define EACCES 13

/* Sockets refused, by address family. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);   /* family */
	__type(value, __u64); /* calls refused */
} refused SEC(".maps");

SEC("lsm/socket_create")
int BPF_PROG(nonet, int family, int type, int protocol, int kern, int ret)
{
	__u32 key = family;
	__u64 one = 1, *count;

	if (ret)
		return ret; /* an earlier program already decided */
	if (kern || (family != AF_INET && family != AF_INET6))
		return 0;
	count = bpf_map_lookup_elem(&refused, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&refused, &key, &one, BPF_NOEXIST);
	bpf_printk("refused a socket of family %d, type %d", family, type);
	return -EACCES;
}

char LICENSE[] SEC("license") = "GPL";

/* Legacy packet loads BPF_LD|BPF_ABS / BPF_LD|BPF_IND (clang's
 * llvm.bpf.load.* intrinsics) in a socket filter, as a classic "tcp dst port
 * 80" filter: offsets are from the network header; values come back in host
 * order. A load past the end makes the program exit at once with 0
 * (seen[3] = 1 marks that the program started, seen[2] the last port read). */
#include "common.h"

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");

RESULTS_MAP(seen, 4);

SEC("socket")
int ld_abs_filter(struct __sk_buff *skb)
{
	__u64 ihl, proto, dport;

	record(&seen, 3, 1); /* the program started */
	if (load_byte(skb, 0) >> 4 != 4)
		return 0;
	proto = load_byte(skb, offsetof(struct iphdr, protocol));
	record(&seen, 0, proto);
	record(&seen, 1, load_word(skb, offsetof(struct iphdr, saddr)));
	if (proto != IPPROTO_TCP)
		return 0;
	ihl = (load_byte(skb, 0) & 0xf) << 2;
	dport = load_half(skb, ihl + offsetof(struct tcphdr, dest)); /* BPF_IND */
	record(&seen, 2, dport);
	/* port 8080: read 4 bytes at offset 1000, past the end of every test
	 * frame: the program ends there and returns 0 */
	if (dport == 8080 && load_word(skb, 1000) == 0x12345678)
		record(&seen, 3, 99);
	return dport == 80 ? 0xffff : 0;
}

// hello: the classic eBPF hello world. A kprobe on the clone system call prints "Hello World!"
// for every new process. Run it with
// `sluice trace examples/hello.o -- bash -c 'ls; cat /etc/hostname'` (bash forks with clone; dash
// uses vfork).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("ksyscall/clone")
int hello(void *ctx)
{
	bpf_printk("Hello World!");
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

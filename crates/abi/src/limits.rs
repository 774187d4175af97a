//! Numeric limits of the eBPF virtual machine, with the Linux kernel's names and values.
//!
//! Each constant names the kernel identifier it mirrors (from `include/linux/bpf.h`,
//! `include/linux/filter.h` or `kernel/bpf/verifier.c`) so a reader can check it.

/// Bytes of stack available to one program, summed over all of its call frames
/// (`MAX_BPF_STACK`). Each frame's pointer `r10` points one past the end of its frame.
pub const MAX_BPF_STACK: usize = 512;

/// Bytes of stack one call frame may use. The kernel gives each bpf-to-bpf frame up to the full
/// `MAX_BPF_STACK`; the verifier then checks that the frames on any call chain add up to at most
/// that much. An engine running unverified code reserves this much per frame.
pub const STACK_FRAME_SIZE: usize = MAX_BPF_STACK;

/// Deepest chain of bpf-to-bpf calls, counting the program's own frame (`MAX_CALL_FRAMES`).
pub const MAX_CALL_FRAMES: usize = 8;

/// Tail calls one program invocation may make before `bpf_tail_call` fails (`MAX_TAIL_CALL_CNT`).
pub const MAX_TAIL_CALL_CNT: u32 = 33;

/// Instructions the verifier may process for one program before giving up
/// (`BPF_COMPLEXITY_LIMIT_INSNS`).
pub const BPF_COMPLEXITY_LIMIT_INSNS: u32 = 1_000_000;

/// Instructions a program may hold when loaded with `CAP_BPF` (`BPF_COMPLEXITY_LIMIT_INSNS`
/// also bounds the program's length for privileged loads).
pub const BPF_MAXINSNS_PRIVILEGED: usize = 1_000_000;

/// Instructions an unprivileged program may hold (`BPF_MAXINSNS`).
pub const BPF_MAXINSNS: usize = 4096;

/// Registers `r0` to `r10` (`MAX_BPF_REG` counts the kernel's hidden `BPF_REG_AX` too; this does
/// not).
pub const N_REGS: usize = 11;

/// Registers that carry helper and function arguments, `r1` to `r5` (`MAX_BPF_FUNC_REG_ARGS`).
pub const MAX_FUNC_ARGS: usize = 5;

/// Size in bytes of one instruction slot (`sizeof(struct bpf_insn)`).
pub const INSN_SIZE: usize = 8;

/// Registers that carry helper and function arguments (`MAX_BPF_FUNC_REG_ARGS`), the kernel's
/// name for [`MAX_FUNC_ARGS`].
pub const MAX_BPF_FUNC_REG_ARGS: usize = MAX_FUNC_ARGS;

/// Arguments a traced kernel function, a kfunc or a trampoline context may have
/// (`MAX_BPF_FUNC_ARGS`); a raw tracepoint or fentry context holds up to this many `u64`s.
pub const MAX_BPF_FUNC_ARGS: usize = 12;

/// Size in bytes of a register, and of a stack slot (`BPF_REG_SIZE`).
pub const BPF_REG_SIZE: usize = 8;

/// Iterations `bpf_loop` accepts; a larger `nr_loops` makes it return `-E2BIG` (`BPF_MAX_LOOPS`).
pub const BPF_MAX_LOOPS: u32 = 8 * 1024 * 1024;

/// Arguments (the `data` array's `u64`s) `bpf_snprintf`, `bpf_seq_printf` and
/// `bpf_trace_vprintk` accept (`MAX_BPRINTF_VARARGS`).
pub const MAX_BPRINTF_VARARGS: usize = 12;

/// Bytes of the per-CPU buffer the printf-like helpers format into (`MAX_BPRINTF_BUF`).
pub const MAX_BPRINTF_BUF: usize = 1024;

/// Bytes of binary argument data the printf-like helpers can prepare per call
/// (`MAX_BPRINTF_BIN_ARGS`).
pub const MAX_BPRINTF_BIN_ARGS: usize = 512;

/// Nesting depth of printf-like helper calls on one CPU before they return `-EBUSY`
/// (`MAX_BPRINTF_NEST_LEVEL`).
pub const MAX_BPRINTF_NEST_LEVEL: usize = 3;

/// Format arguments `bpf_trace_printk` takes after the format and its size
/// (`MAX_TRACE_PRINTK_VARARGS`).
pub const MAX_TRACE_PRINTK_VARARGS: usize = 3;

/// Largest variable offset the verifier tracks for a pointer (`BPF_MAX_VAR_OFF`).
pub const BPF_MAX_VAR_OFF: i64 = 1 << 29;

/// Largest variable size the verifier accepts for a memory access (`BPF_MAX_VAR_SIZ`).
pub const BPF_MAX_VAR_SIZ: i64 = 1 << 29;

/// Largest offset into a packet the verifier tracks (`MAX_PACKET_OFF`).
pub const MAX_PACKET_OFF: u32 = 0xffff;

/// Bytes of a program or map name, including the terminating NUL (`BPF_OBJ_NAME_LEN`).
pub const BPF_OBJ_NAME_LEN: usize = 16;

/// Bytes of a program tag, the truncated SHA-1 of its instructions (`BPF_TAG_SIZE`).
pub const BPF_TAG_SIZE: usize = 8;

/// Distinct maps one program may use (`MAX_USED_MAPS`).
pub const MAX_USED_MAPS: usize = 64;

/// Distinct module BTFs one program may use (`MAX_USED_BTFS`).
pub const MAX_USED_BTFS: usize = 64;

/// Functions (the main program plus bpf-to-bpf callees) in one program (`BPF_MAX_SUBPROGS`).
pub const BPF_MAX_SUBPROGS: usize = 256;

/// Pending branch states the verifier keeps before giving up (`BPF_COMPLEXITY_LIMIT_JMP_SEQ`).
pub const BPF_COMPLEXITY_LIMIT_JMP_SEQ: u32 = 8192;

/// States per instruction the verifier keeps for pruning in an unprivileged program before it
/// stops adding more (`BPF_COMPLEXITY_LIMIT_STATES`).
pub const BPF_COMPLEXITY_LIMIT_STATES: u32 = 64;

/// Programs one fentry/fexit/fmod_ret trampoline can run on x86-64 (`BPF_MAX_TRAMP_LINKS`).
pub const BPF_MAX_TRAMP_LINKS: usize = 38;

/// Largest record `bpf_ringbuf_reserve` and `bpf_ringbuf_output` accept
/// (`RINGBUF_MAX_RECORD_SZ`, `UINT_MAX / 4`). Ring buffer maps additionally need a
/// `max_entries` that is a power of two and a multiple of the page size.
pub const RINGBUF_MAX_RECORD_SZ: u32 = u32::MAX / 4;

/// Page size on x86-64, the granularity of ring buffer and arena sizes.
pub const PAGE_SIZE: usize = 4096;

/// Largest tracepoint record (`PERF_MAX_TRACE_SIZE`): a tracepoint program may read its
/// context from offset 8 up to this many bytes.
pub const PERF_MAX_TRACE_SIZE: usize = 8192;

/// Default of `kernel.perf_event_max_stack` (`PERF_MAX_STACK_DEPTH`): frames
/// `bpf_get_stackid` and `bpf_get_stack` collect at most.
pub const PERF_MAX_STACK_DEPTH: usize = 127;

/// Bytes of a task's command name, including the NUL, that `bpf_get_current_comm` copies at
/// most (`TASK_COMM_LEN`).
pub const TASK_COMM_LEN: usize = 16;

/// Bytes of headroom an XDP buffer has in front of the packet (`XDP_PACKET_HEADROOM`);
/// `bpf_xdp_adjust_head` and `bpf_xdp_adjust_meta` can grow the front by at most this much
/// (less the room of `struct xdp_frame`).
pub const XDP_PACKET_HEADROOM: usize = 256;

/// Size of `struct bpf_spin_lock`.
pub const BPF_SPIN_LOCK_SIZE: usize = 4;

/// Size of `struct bpf_timer` (8-byte aligned).
pub const BPF_TIMER_SIZE: usize = 16;

/// Size of `struct bpf_dynptr` (8-byte aligned, `BPF_DYNPTR_SIZE`).
pub const BPF_DYNPTR_SIZE: usize = 16;

/// Largest single allocation the kernel makes for a map value (`KMALLOC_MAX_SIZE` on x86-64:
/// 4 MiB); array maps refuse larger values with `E2BIG`, so global data sections can be no
/// larger.
pub const KMALLOC_MAX_SIZE: u64 = 1 << 22;

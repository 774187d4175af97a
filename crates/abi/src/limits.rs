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

//! x86-64 `struct pt_regs`, the context of kprobe and uprobe programs, its access rules, and the
//! registers libbpf's `PT_REGS_*` macros read.
//!
//! Layout from Linux 6.18's `arch/x86/include/asm/ptrace.h` (the kernel's names: `di`, `ip`, ...)
//! and `arch/x86/include/uapi/asm/ptrace.h` (the same layout with user-space names: `rdi`,
//! `rip`, ...; `cs` and `ss` are 8-byte slots in both). Rules from
//! `kprobe_prog_is_valid_access` in `kernel/trace/bpf_trace.c`: loads of any size at an offset
//! that is a multiple of the size, inside the structure; no stores in 6.18. The argument
//! registers follow `tools/lib/bpf/bpf_tracing.h` for x86-64 and the System V AMD64 calling
//! convention.

use super::{Access, AccessError, ContextLayout, Field, FieldKind, Rule, Sizes};

/// `sizeof(struct pt_regs)` on x86-64: 21 eight-byte registers.
pub const SIZE: u32 = 168;

const fn reg(name: &'static str, offset: u32) -> Field {
    Field {
        name,
        offset,
        size: 8,
        kind: FieldKind::Scalar,
    }
}

/// The layout of `struct pt_regs` with the kernel's register names.
pub static LAYOUT: ContextLayout = ContextLayout {
    name: "struct pt_regs",
    size: SIZE,
    fields: &[
        reg("r15", 0),
        reg("r14", 8),
        reg("r13", 16),
        reg("r12", 24),
        reg("bp", 32),
        reg("bx", 40),
        reg("r11", 48),
        reg("r10", 56),
        reg("r9", 64),
        reg("r8", 72),
        reg("ax", 80),
        reg("cx", 88),
        reg("dx", 96),
        reg("si", 104),
        reg("di", 112),
        reg("orig_ax", 120),
        reg("ip", 128),
        reg("cs", 136),
        reg("flags", 144),
        reg("sp", 152),
        reg("ss", 160),
    ],
};

/// A register as libbpf's tracing macros name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Register {
    /// The kernel's member name (`vmlinux.h`, kernel headers): `"di"`.
    pub kernel_name: &'static str,
    /// The user-space member name (`<asm/ptrace.h>` without `__KERNEL__`): `"rdi"`.
    pub uapi_name: &'static str,
    /// Offset in `struct pt_regs`.
    pub offset: u32,
}

const fn register(kernel_name: &'static str, uapi_name: &'static str, offset: u32) -> Register {
    Register {
        kernel_name,
        uapi_name,
        offset,
    }
}

/// The registers of a function's first six integer arguments (`PT_REGS_PARM1` to
/// `PT_REGS_PARM6`): `di`, `si`, `dx`, `cx`, `r8`, `r9`.
pub const PARM_REGS: [Register; 6] = [
    register("di", "rdi", 112),
    register("si", "rsi", 104),
    register("dx", "rdx", 96),
    register("cx", "rcx", 88),
    register("r8", "r8", 72),
    register("r9", "r9", 64),
];

/// The registers of a system call's six arguments as seen by a probe on the syscall's entry
/// (`PT_REGS_PARM1_SYSCALL` ...): as [`PARM_REGS`] but the fourth is `r10`.
pub const SYSCALL_PARM_REGS: [Register; 6] = [
    register("di", "rdi", 112),
    register("si", "rsi", 104),
    register("dx", "rdx", 96),
    register("r10", "r10", 56),
    register("r8", "r8", 72),
    register("r9", "r9", 64),
];

/// The return value register (`PT_REGS_RC`): `ax`.
pub const RC_REG: Register = register("ax", "rax", 80);
/// The stack pointer (`PT_REGS_SP`); at function entry it points at the return address, which
/// is why libbpf's `PT_REGS_RET` reads this register too.
pub const SP_REG: Register = register("sp", "rsp", 152);
/// The frame pointer (`PT_REGS_FP`): `bp`.
pub const FP_REG: Register = register("bp", "rbp", 32);
/// The instruction pointer (`PT_REGS_IP`): `ip`.
pub const IP_REG: Register = register("ip", "rip", 128);

/// The user-space (`uapi`) name of the register at `offset`, for every register of the layout.
pub fn uapi_name(offset: u32) -> Option<&'static str> {
    let name = match offset {
        0 => "r15",
        8 => "r14",
        16 => "r13",
        24 => "r12",
        32 => "rbp",
        40 => "rbx",
        48 => "r11",
        56 => "r10",
        64 => "r9",
        72 => "r8",
        80 => "rax",
        88 => "rcx",
        96 => "rdx",
        104 => "rsi",
        112 => "rdi",
        120 => "orig_rax",
        128 => "rip",
        136 => "cs",
        144 => "eflags",
        152 => "rsp",
        160 => "ss",
        _ => return None,
    };
    Some(name)
}

/// Whether a kprobe program may perform `access` of `size` bytes at `offset` of its
/// `pt_regs`.
pub fn check(offset: u32, size: u32, access: Access) -> Result<&'static Field, AccessError> {
    let field = super::locate(&LAYOUT, offset, size, access, true)?;
    let rule = if access.is_write() {
        Rule::DENIED
    } else {
        Rule::within(Sizes::ANY)
    };
    rule.apply(field, offset, size, access)
}

//! `struct bpf_perf_event_data`, the context of perf event programs, and its access rules.
//!
//! Layout from Linux 6.18's `include/uapi/linux/bpf_perf_event.h`: the sampled registers
//! (`bpf_user_pt_regs_t`, which is `struct pt_regs` on x86-64), then `sample_period` and
//! `addr`. Rules from `pe_prog_is_valid_access` in `kernel/trace/bpf_trace.c`: loads only;
//! registers as whole 8-byte aligned loads; `sample_period` and `addr` also narrower, aligned.

use super::{Access, AccessError, ContextLayout, Field, FieldKind, Rule, Sizes, pt_regs};

/// Offset of `sample_period`.
pub const SAMPLE_PERIOD: u32 = 168;
/// Offset of `addr`.
pub const ADDR: u32 = 176;
/// `sizeof(struct bpf_perf_event_data)` on x86-64.
pub const SIZE: u32 = 184;

const fn reg(name: &'static str, offset: u32) -> Field {
    Field {
        name,
        offset,
        size: 8,
        kind: FieldKind::Scalar,
    }
}

/// The layout of `struct bpf_perf_event_data`; the registers are named `regs.<register>` with
/// the kernel's register names (see [`pt_regs`]).
pub static LAYOUT: ContextLayout = ContextLayout {
    name: "struct bpf_perf_event_data",
    size: SIZE,
    fields: &[
        reg("regs.r15", 0),
        reg("regs.r14", 8),
        reg("regs.r13", 16),
        reg("regs.r12", 24),
        reg("regs.bp", 32),
        reg("regs.bx", 40),
        reg("regs.r11", 48),
        reg("regs.r10", 56),
        reg("regs.r9", 64),
        reg("regs.r8", 72),
        reg("regs.ax", 80),
        reg("regs.cx", 88),
        reg("regs.dx", 96),
        reg("regs.si", 104),
        reg("regs.di", 112),
        reg("regs.orig_ax", 120),
        reg("regs.ip", 128),
        reg("regs.cs", 136),
        reg("regs.flags", 144),
        reg("regs.sp", 152),
        reg("regs.ss", 160),
        reg("sample_period", SAMPLE_PERIOD),
        reg("addr", ADDR),
    ],
};

/// Whether a perf event program may perform `access` of `size` bytes at `offset` of its
/// `bpf_perf_event_data`.
pub fn check(offset: u32, size: u32, access: Access) -> Result<&'static Field, AccessError> {
    debug_assert_eq!(pt_regs::SIZE, SAMPLE_PERIOD);
    let field = super::locate(&LAYOUT, offset, size, access, true)?;
    let rule = if access.is_write() {
        Rule::DENIED
    } else if field.offset >= SAMPLE_PERIOD {
        Rule::within(Sizes::ANY)
    } else {
        Rule::within(Sizes::B8)
    };
    rule.apply(field, offset, size, access)
}

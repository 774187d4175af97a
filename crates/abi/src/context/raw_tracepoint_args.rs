//! `struct bpf_raw_tracepoint_args`, the context of raw tracepoint programs, and its access
//! rules.
//!
//! Layout from Linux 6.18's `include/uapi/linux/bpf.h`: a flexible array `__u64 args[]` of the
//! tracepoint's arguments, addressable up to `MAX_BPF_FUNC_ARGS` (12) of them. Rules from
//! `raw_tp_prog_is_valid_access` and `raw_tp_writable_prog_is_valid_access` in
//! `kernel/trace/bpf_trace.c` (through `bpf_tracing_ctx_access`): loads only, of any size at
//! an offset that is a multiple of it. For `raw_tracepoint_writable` programs `args[0]` is
//! the tracepoint's writable buffer, which must be loaded whole (8 bytes at offset 0); the
//! kernel checks only that exact offset, so narrower loads at offsets 1 to 7 still pass.

use super::{Access, AccessError, ContextLayout, Field, FieldKind, PointerTarget, Rule, Sizes};
use crate::limits::MAX_BPF_FUNC_ARGS;

/// Bytes of arguments programs may address: `MAX_BPF_FUNC_ARGS` eight-byte arguments.
pub const SIZE: u32 = 8 * MAX_BPF_FUNC_ARGS as u32;

const fn arg(name: &'static str, index: u32) -> Field {
    Field {
        name,
        offset: 8 * index,
        size: 8,
        kind: FieldKind::Scalar,
    }
}

static FIELDS: [Field; 12] = [
    arg("args[0]", 0),
    arg("args[1]", 1),
    arg("args[2]", 2),
    arg("args[3]", 3),
    arg("args[4]", 4),
    arg("args[5]", 5),
    arg("args[6]", 6),
    arg("args[7]", 7),
    arg("args[8]", 8),
    arg("args[9]", 9),
    arg("args[10]", 10),
    arg("args[11]", 11),
];

static WRITABLE_FIELDS: [Field; 12] = [
    Field {
        name: "args[0]",
        offset: 0,
        size: 8,
        kind: FieldKind::Pointer(PointerTarget::TracepointBuffer),
    },
    arg("args[1]", 1),
    arg("args[2]", 2),
    arg("args[3]", 3),
    arg("args[4]", 4),
    arg("args[5]", 5),
    arg("args[6]", 6),
    arg("args[7]", 7),
    arg("args[8]", 8),
    arg("args[9]", 9),
    arg("args[10]", 10),
    arg("args[11]", 11),
];

/// The layout of `struct bpf_raw_tracepoint_args` for `raw_tracepoint` programs.
pub static LAYOUT: ContextLayout = ContextLayout {
    name: "struct bpf_raw_tracepoint_args",
    size: SIZE,
    fields: &FIELDS,
};

/// The layout for `raw_tracepoint_writable` programs: `args[0]` is the writable buffer.
pub static WRITABLE_LAYOUT: ContextLayout = ContextLayout {
    name: "struct bpf_raw_tracepoint_args",
    size: SIZE,
    fields: &WRITABLE_FIELDS,
};

/// Whether a raw tracepoint program (`writable` for `raw_tracepoint_writable`) may perform
/// `access` of `size` bytes at `offset` of its arguments.
pub fn check(
    writable: bool,
    offset: u32,
    size: u32,
    access: Access,
) -> Result<&'static Field, AccessError> {
    let layout = if writable { &WRITABLE_LAYOUT } else { &LAYOUT };
    let field = super::locate(layout, offset, size, access, true)?;
    let rule = if access.is_write() {
        Rule::DENIED
    } else if writable && offset == 0 {
        Rule::at_start(Sizes::B8)
    } else {
        Rule::within(Sizes::ANY)
    };
    rule.apply(field, offset, size, access)
}

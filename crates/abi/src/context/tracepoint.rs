//! The context of perf tracepoint programs: the tracepoint's raw record, and its access rules.
//!
//! Each tracepoint has its own record format (`/sys/kernel/tracing/events/*/*/format`); every
//! record starts with the 8-byte common header (`common_type`, `common_flags`,
//! `common_preempt_count`, `common_pid`), which programs may not read. Rules from
//! `tp_prog_is_valid_access` in `kernel/trace/bpf_trace.c`: loads only, of any size at an offset
//! that is a multiple of it, from offset 8 up to `PERF_MAX_TRACE_SIZE` (8192).

use super::{Access, AccessError, ContextLayout, Field, FieldKind, Rule, Sizes};
use crate::limits::PERF_MAX_TRACE_SIZE;

/// Offset of the first byte programs may read: the end of the common header.
pub const DATA: u32 = 8;

/// The layout: the common header, then the event's own fields as one opaque `data` area.
pub static LAYOUT: ContextLayout = ContextLayout {
    name: "tracepoint record",
    size: PERF_MAX_TRACE_SIZE as u32,
    fields: &[
        Field {
            name: "common_type",
            offset: 0,
            size: 2,
            kind: FieldKind::Scalar,
        },
        Field {
            name: "common_flags",
            offset: 2,
            size: 1,
            kind: FieldKind::Scalar,
        },
        Field {
            name: "common_preempt_count",
            offset: 3,
            size: 1,
            kind: FieldKind::Scalar,
        },
        Field {
            name: "common_pid",
            offset: 4,
            size: 4,
            kind: FieldKind::Scalar,
        },
        Field {
            name: "data",
            offset: DATA,
            size: PERF_MAX_TRACE_SIZE as u32 - DATA,
            kind: FieldKind::Scalar,
        },
    ],
};

/// Whether a tracepoint program may perform `access` of `size` bytes at `offset` of its record.
pub fn check(offset: u32, size: u32, access: Access) -> Result<&'static Field, AccessError> {
    let field = super::locate(&LAYOUT, offset, size, access, true)?;
    let rule = if access.is_write() || field.offset < DATA {
        Rule::DENIED
    } else {
        Rule::within(Sizes::ANY)
    };
    rule.apply(field, offset, size, access)
}

//! `struct xdp_md`, the context of XDP programs, and its access rules.
//!
//! Layout from Linux 6.18's `include/uapi/linux/bpf.h`; rules from `xdp_is_valid_access` in
//! `net/core/filter.c`: only whole 4-byte, aligned loads; no stores (the kernel lets offloaded
//! programs store `rx_queue_index`, which Sluice does not model); `egress_ifindex` only for
//! programs attached to a devmap entry (`BPF_XDP_DEVMAP`); no sign-extending loads of the three
//! pointer fields.

use super::{Access, AccessError, ContextLayout, Field, FieldKind, PointerTarget, Rule, Sizes};
use crate::prog_type::AttachType;

/// Offset of `data`, the start of the packet.
pub const DATA: u32 = 0;
/// Offset of `data_end`, one past the end of the packet.
pub const DATA_END: u32 = 4;
/// Offset of `data_meta`, the start of the metadata in front of the packet.
pub const DATA_META: u32 = 8;
/// Offset of `ingress_ifindex`.
pub const INGRESS_IFINDEX: u32 = 12;
/// Offset of `rx_queue_index`.
pub const RX_QUEUE_INDEX: u32 = 16;
/// Offset of `egress_ifindex` (devmap programs only).
pub const EGRESS_IFINDEX: u32 = 20;
/// `sizeof(struct xdp_md)`.
pub const SIZE: u32 = 24;

/// The layout of `struct xdp_md`.
pub static LAYOUT: ContextLayout = ContextLayout {
    name: "struct xdp_md",
    size: SIZE,
    fields: &[
        Field {
            name: "data",
            offset: DATA,
            size: 4,
            kind: FieldKind::Pointer(PointerTarget::PacketStart),
        },
        Field {
            name: "data_end",
            offset: DATA_END,
            size: 4,
            kind: FieldKind::Pointer(PointerTarget::PacketEnd),
        },
        Field {
            name: "data_meta",
            offset: DATA_META,
            size: 4,
            kind: FieldKind::Pointer(PointerTarget::PacketMeta),
        },
        Field {
            name: "ingress_ifindex",
            offset: INGRESS_IFINDEX,
            size: 4,
            kind: FieldKind::Scalar,
        },
        Field {
            name: "rx_queue_index",
            offset: RX_QUEUE_INDEX,
            size: 4,
            kind: FieldKind::Scalar,
        },
        Field {
            name: "egress_ifindex",
            offset: EGRESS_IFINDEX,
            size: 4,
            kind: FieldKind::Scalar,
        },
    ],
};

/// Whether an XDP program loaded with `attach_type` may perform `access` of `size` bytes at
/// `offset` of its `xdp_md`.
pub fn check(
    attach_type: Option<AttachType>,
    offset: u32,
    size: u32,
    access: Access,
) -> Result<&'static Field, AccessError> {
    let field = super::locate(&LAYOUT, offset, size, access, true)?;
    let is_pointer = matches!(field.kind, FieldKind::Pointer(_));
    let rule = if access.is_write()
        || (field.offset == EGRESS_IFINDEX && attach_type != Some(AttachType::XdpDevmap))
        || (access == Access::ReadSignExtend && is_pointer)
    {
        Rule::DENIED
    } else {
        Rule::within(Sizes::B4)
    };
    rule.apply(field, offset, size, access)
}

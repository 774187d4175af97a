//! `struct bpf_flow_keys`, what a flow dissector's `__sk_buff.flow_keys` points to, and its
//! access rules.
//!
//! Layout from Linux 6.18's `include/uapi/linux/bpf.h` (the IPv4 and IPv6 addresses share a
//! union). Rules from `check_flow_keys_access` in `kernel/bpf/verifier.c`: loads and stores of
//! any size anywhere inside the structure; x86-64 does not require alignment.

use super::{Access, AccessError, ContextLayout, Field, FieldKind};

/// `sizeof(struct bpf_flow_keys)`.
pub const SIZE: u32 = 56;

const fn field(name: &'static str, offset: u32, size: u32) -> Field {
    Field {
        name,
        offset,
        size,
        kind: FieldKind::Scalar,
    }
}

/// The layout of `struct bpf_flow_keys`; `ipv4_src`/`ipv4_dst` and `ipv6_src`/`ipv6_dst` are
/// the two members of a union at offset 16.
pub static LAYOUT: ContextLayout = ContextLayout {
    name: "struct bpf_flow_keys",
    size: SIZE,
    fields: &[
        field("nhoff", 0, 2),
        field("thoff", 2, 2),
        field("addr_proto", 4, 2),
        field("is_frag", 6, 1),
        field("is_first_frag", 7, 1),
        field("is_encap", 8, 1),
        field("ip_proto", 9, 1),
        field("n_proto", 10, 2),
        field("sport", 12, 2),
        field("dport", 14, 2),
        field("ipv4_src", 16, 4),
        field("ipv4_dst", 20, 4),
        field("ipv6_src", 16, 16),
        field("ipv6_dst", 32, 16),
        field("flags", 48, 4),
        field("flow_label", 52, 4),
    ],
};

/// Whether a load or store of `size` bytes at `offset` through a flow keys pointer is
/// accepted. Accesses may span fields; the field returned is the one the access starts in.
pub fn check(offset: u32, size: u32, access: Access) -> Result<&'static Field, AccessError> {
    // Bounds are the only rule, so an access may run past the field it starts in.
    super::locate(&LAYOUT, offset, size, access, false)
}

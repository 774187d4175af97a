//! `struct bpf_sock`, what `__sk_buff.sk` and the socket lookup helpers point to, and its access
//! rules.
//!
//! Layout from Linux 6.18's `include/uapi/linux/bpf.h` (`dst_port` is a big-endian 16-bit field
//! followed by 16 bits of padding). Rules from `bpf_sock_is_valid_access` and
//! `bpf_sock_common_is_valid_access` in `net/core/filter.c`, and the verifier's refusal of
//! stores through socket pointers: loads only, aligned to their size. A pointer to a full socket
//! (`PTR_TO_SOCKET`, from `bpf_sk_lookup_tcp` or `bpf_sk_fullsock`) reaches every field; a
//! pointer to a `sock_common` (`PTR_TO_SOCK_COMMON`, what `__sk_buff.sk` gives) cannot read
//! `type`, `protocol`, `mark` or `priority`. `family`, `type`, `protocol`, `state`, `src_port`
//! and `rx_queue_mapping` may be loaded narrower than 4 bytes only at their first byte; the
//! addresses narrower anywhere inside; `dst_port` as 1 or 2 bytes inside it or as 4 bytes at
//! its start.

use super::{Access, AccessError, ContextLayout, Field, FieldKind, Rule, Sizes};

/// `sizeof(struct bpf_sock)`.
pub const SIZE: u32 = 80;

const fn field(name: &'static str, offset: u32, size: u32) -> Field {
    Field {
        name,
        offset,
        size,
        kind: FieldKind::Scalar,
    }
}

/// The layout of `struct bpf_sock`.
pub static LAYOUT: ContextLayout = ContextLayout {
    name: "struct bpf_sock",
    size: SIZE,
    fields: &[
        field("bound_dev_if", 0, 4),
        field("family", 4, 4),
        field("type", 8, 4),
        field("protocol", 12, 4),
        field("mark", 16, 4),
        field("priority", 20, 4),
        field("src_ip4", 24, 4),
        field("src_ip6", 28, 16),
        field("src_port", 44, 4),
        field("dst_port", 48, 2),
        // 50..52 is padding.
        field("dst_ip4", 52, 4),
        field("dst_ip6", 56, 16),
        field("state", 72, 4),
        field("rx_queue_mapping", 76, 4),
    ],
};

/// Whether a load or store of `size` bytes at `offset` through a socket pointer is accepted:
/// `full_socket` for `PTR_TO_SOCKET`, otherwise `PTR_TO_SOCK_COMMON`.
pub fn check(
    full_socket: bool,
    offset: u32,
    size: u32,
    access: Access,
) -> Result<&'static Field, AccessError> {
    let field = super::locate(&LAYOUT, offset, size, access, true)?;
    let rule = match field.name {
        _ if access.is_write() => Rule::DENIED,
        "type" | "protocol" | "mark" | "priority" if !full_socket => Rule::DENIED,
        "family" | "type" | "protocol" | "state" | "src_port" | "rx_queue_mapping" => {
            Rule::at_start(Sizes::UP_TO_4)
        }
        "src_ip4" | "src_ip6" | "dst_ip4" | "dst_ip6" => Rule::within(Sizes::UP_TO_4),
        "dst_port" => Rule {
            within: Sizes::B1.or(Sizes::B2),
            at_start: Sizes::B4,
        },
        _ => Rule::within(Sizes::B4),
    };
    rule.apply(field, offset, size, access)
}

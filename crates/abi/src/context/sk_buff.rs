//! `struct __sk_buff`, the context of socket filters, traffic control, cgroup packet filters,
//! lightweight tunnels, sockmap stream programs and flow dissectors, and its access rules per
//! program type.
//!
//! Layout from Linux 6.18's `include/uapi/linux/bpf.h` (`flow_keys` and `sk` are 8-byte
//! aligned pointers, `__bpf_md_ptr`). Rules from `net/core/filter.c`: the shared
//! `bpf_skb_is_valid_access`, and per program type `sk_filter_is_valid_access`,
//! `tc_cls_act_is_valid_access`, `cg_skb_is_valid_access`, `lwt_is_valid_access`,
//! `sk_skb_is_valid_access` and `flow_dissector_is_valid_access`. Every access must be aligned
//! to its size.

use super::{Access, AccessError, ContextLayout, Field, FieldKind, PointerTarget, Rule, Sizes};

/// `sizeof(struct __sk_buff)`.
pub const SIZE: u32 = 192;
/// Offset of `cb`, the 20-byte control buffer programs may use freely.
pub const CB: u32 = 48;
/// Offset of `data`, the start of the packet.
pub const DATA: u32 = 76;
/// Offset of `data_end`, one past the end of the packet.
pub const DATA_END: u32 = 80;
/// Offset of `data_meta`, the start of the metadata in front of the packet.
pub const DATA_META: u32 = 140;
/// Offset of `flow_keys` (flow dissector only).
pub const FLOW_KEYS: u32 = 144;
/// Offset of `sk`, the packet's socket or NULL.
pub const SK: u32 = 168;

const fn scalar(name: &'static str, offset: u32, size: u32) -> Field {
    Field {
        name,
        offset,
        size,
        kind: FieldKind::Scalar,
    }
}

const fn pointer(name: &'static str, offset: u32, size: u32, target: PointerTarget) -> Field {
    Field {
        name,
        offset,
        size,
        kind: FieldKind::Pointer(target),
    }
}

/// The layout of `struct __sk_buff`.
pub static LAYOUT: ContextLayout = ContextLayout {
    name: "struct __sk_buff",
    size: SIZE,
    fields: &[
        scalar("len", 0, 4),
        scalar("pkt_type", 4, 4),
        scalar("mark", 8, 4),
        scalar("queue_mapping", 12, 4),
        scalar("protocol", 16, 4),
        scalar("vlan_present", 20, 4),
        scalar("vlan_tci", 24, 4),
        scalar("vlan_proto", 28, 4),
        scalar("priority", 32, 4),
        scalar("ingress_ifindex", 36, 4),
        scalar("ifindex", 40, 4),
        scalar("tc_index", 44, 4),
        scalar("cb", CB, 20),
        scalar("hash", 68, 4),
        scalar("tc_classid", 72, 4),
        pointer("data", DATA, 4, PointerTarget::PacketStart),
        pointer("data_end", DATA_END, 4, PointerTarget::PacketEnd),
        scalar("napi_id", 84, 4),
        scalar("family", 88, 4),
        scalar("remote_ip4", 92, 4),
        scalar("local_ip4", 96, 4),
        scalar("remote_ip6", 100, 16),
        scalar("local_ip6", 116, 16),
        scalar("remote_port", 132, 4),
        scalar("local_port", 136, 4),
        pointer("data_meta", DATA_META, 4, PointerTarget::PacketMeta),
        pointer("flow_keys", FLOW_KEYS, 8, PointerTarget::FlowKeys),
        scalar("tstamp", 152, 8),
        scalar("wire_len", 160, 4),
        scalar("gso_segs", 164, 4),
        pointer("sk", SK, 8, PointerTarget::SockCommonOrNull),
        scalar("gso_size", 176, 4),
        scalar("tstamp_type", 180, 1),
        // 181..184 is padding.
        scalar("hwtstamp", 184, 8),
    ],
};

/// The program types that share `__sk_buff`, grouped by the kernel function that checks their
/// accesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// `socket_filter` (`sk_filter_is_valid_access`).
    SocketFilter,
    /// `sched_cls` and `sched_act` (`tc_cls_act_is_valid_access`).
    TcClsAct,
    /// `cgroup_skb` (`cg_skb_is_valid_access`), for a loader with `CAP_BPF`.
    CgroupSkb,
    /// `lwt_in`, `lwt_out`, `lwt_xmit` and `lwt_seg6local` (`lwt_is_valid_access`).
    Lwt,
    /// `sk_skb` (`sk_skb_is_valid_access`).
    SkSkb,
    /// `flow_dissector` (`flow_dissector_is_valid_access`).
    FlowDissector,
}

/// The fields from `family` to `local_port`: the socket's addresses and ports.
fn is_socket_address(name: &str) -> bool {
    matches!(
        name,
        "family"
            | "remote_ip4"
            | "local_ip4"
            | "remote_ip6"
            | "local_ip6"
            | "remote_port"
            | "local_port"
    )
}

/// `bpf_skb_is_valid_access`, the rules every `__sk_buff` program type starts from.
fn shared_rule(field: &Field, access: Access) -> Rule {
    let write = access.is_write();
    match field.name {
        "cb" => Rule::within(Sizes::ANY),
        "data" | "data_meta" | "data_end" if access == Access::ReadSignExtend => Rule::DENIED,
        "data" | "data_meta" | "data_end" => Rule::within(Sizes::B4),
        "remote_ip6" | "local_ip6" | "remote_ip4" | "local_ip4" => Rule::within(Sizes::B4),
        "flow_keys" | "tstamp_type" => Rule::DENIED,
        "hwtstamp" | "sk" if write => Rule::DENIED,
        "hwtstamp" | "sk" | "tstamp" => Rule::within(Sizes::B8),
        _ if write => Rule::within(Sizes::B4),
        _ => Rule::within(Sizes::UP_TO_4),
    }
}

/// The rule for one field under one profile.
fn rule(profile: Profile, field: &Field, access: Access) -> Rule {
    let name = field.name;
    let write = access.is_write();
    match profile {
        Profile::SocketFilter => {
            let hidden = matches!(
                name,
                "tc_classid"
                    | "data"
                    | "data_meta"
                    | "data_end"
                    | "tstamp"
                    | "wire_len"
                    | "hwtstamp"
            ) || is_socket_address(name);
            if hidden || (write && name != "cb") {
                return Rule::DENIED;
            }
        }
        Profile::TcClsAct => {
            let writable = matches!(
                name,
                "mark" | "tc_index" | "priority" | "tc_classid" | "cb" | "tstamp" | "queue_mapping"
            );
            if (write && !writable) || is_socket_address(name) {
                return Rule::DENIED;
            }
            if name == "tstamp_type" {
                return Rule::within(Sizes::B1);
            }
        }
        Profile::CgroupSkb => {
            let writable = matches!(name, "mark" | "priority" | "cb" | "tstamp");
            if matches!(name, "tc_classid" | "data_meta" | "wire_len") || (write && !writable) {
                return Rule::DENIED;
            }
        }
        Profile::Lwt => {
            let hidden = matches!(
                name,
                "tc_classid" | "data_meta" | "tstamp" | "wire_len" | "hwtstamp"
            ) || is_socket_address(name);
            let writable = matches!(name, "mark" | "priority" | "cb");
            if hidden || (write && !writable) {
                return Rule::DENIED;
            }
        }
        Profile::SkSkb => {
            let hidden = matches!(
                name,
                "tc_classid" | "data_meta" | "tstamp" | "wire_len" | "hwtstamp" | "mark"
            );
            let writable = matches!(name, "tc_index" | "priority");
            if hidden || (write && !writable) {
                return Rule::DENIED;
            }
        }
        Profile::FlowDissector => {
            return match name {
                _ if write => Rule::DENIED,
                "data" | "data_end" if access == Access::ReadSignExtend => Rule::DENIED,
                "data" | "data_end" => Rule::within(Sizes::B4),
                "flow_keys" => Rule::within(Sizes::B8),
                _ => Rule::DENIED,
            };
        }
    }
    shared_rule(field, access)
}

/// Whether a program with `profile` may perform `access` of `size` bytes at `offset` of its
/// `__sk_buff`.
pub fn check(
    profile: Profile,
    offset: u32,
    size: u32,
    access: Access,
) -> Result<&'static Field, AccessError> {
    let field = super::locate(&LAYOUT, offset, size, access, true)?;
    rule(profile, field, access).apply(field, offset, size, access)
}

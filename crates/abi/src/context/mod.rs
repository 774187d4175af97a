//! Program contexts: the structures a program receives in `r1`, their layouts, and which loads
//! and stores of them each program type's verifier accepts.
//!
//! One file per structure: [`xdp_md`], [`sk_buff`] (`struct __sk_buff`), [`pt_regs`] (x86-64
//! `struct pt_regs`), [`perf_event_data`] (`struct bpf_perf_event_data`),
//! [`raw_tracepoint_args`] (`struct bpf_raw_tracepoint_args`), [`tracepoint`] (a perf
//! tracepoint record), and the structures context pointers lead to: [`bpf_sock`]
//! (`struct bpf_sock`, behind `__sk_buff.sk`) and [`flow_keys`] (`struct bpf_flow_keys`).
//!
//! Layouts are those of Linux 6.18's `include/uapi/linux/bpf.h` and
//! `arch/x86/include/asm/ptrace.h`; the tests compare them with the running kernel's BTF. The
//! access rules mirror the kernel's `*_is_valid_access` functions (`net/core/filter.c`,
//! `kernel/trace/bpf_trace.c`) and were checked exhaustively against the running 6.18.44
//! kernel: for every offset, size (1, 2, 4, 8) and kind (load, sign-extending load, store of a
//! register) a one-instruction program was loaded, and `tests/data/ctx_access/` keeps the
//! kernel's verdicts, which the tests compare with [`check`].
//!
//! The rules here cover `LDX`, `LDSX` and `STX` at a constant offset from the unmodified
//! context pointer. The verifier also refuses, for every context: `ST` (store of an
//! immediate), atomic operations, and any access through a context pointer that was moved.

pub mod bpf_sock;
pub mod flow_keys;
pub mod perf_event_data;
pub mod pt_regs;
pub mod raw_tracepoint_args;
pub mod sk_buff;
pub mod tracepoint;
pub mod xdp_md;

use std::fmt;

use crate::prog_type::{AttachType, ProgType};

/// One field of a context structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The field's name in the kernel's C structure (arrays are one field: `cb`, `remote_ip6`).
    pub name: &'static str,
    /// Offset in bytes from the start of the structure.
    pub offset: u32,
    /// Size in bytes.
    pub size: u32,
    /// What a load of the field yields.
    pub kind: FieldKind,
}

impl Field {
    /// One past the field's last byte.
    pub const fn end(&self) -> u32 {
        self.offset + self.size
    }

    /// Whether the bytes `offset..offset + size` lie inside this field.
    pub const fn contains(&self, offset: u32, size: u32) -> bool {
        offset >= self.offset && offset + size <= self.end()
    }
}

/// What a load of a context field yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A plain value.
    Scalar,
    /// A pointer the kernel supplies: the program loads the field and the kernel rewrites the
    /// load so that the register receives a full 64-bit pointer, whatever the field's declared
    /// size (`__u32 data` in `__sk_buff` and `xdp_md` still yields a 64-bit pointer).
    Pointer(PointerTarget),
}

/// What a context pointer field points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointerTarget {
    /// The first byte of the packet data (`PTR_TO_PACKET`).
    PacketStart,
    /// One past the last byte of the packet data (`PTR_TO_PACKET_END`).
    PacketEnd,
    /// The first byte of the metadata area in front of the packet; it ends where the packet
    /// starts (`PTR_TO_PACKET_META`).
    PacketMeta,
    /// The packet's socket as a `struct bpf_sock` restricted to the `sock_common` fields, or
    /// NULL (`PTR_TO_SOCK_COMMON_OR_NULL`).
    SockCommonOrNull,
    /// The flow dissector's `struct bpf_flow_keys` (`PTR_TO_FLOW_KEYS`).
    FlowKeys,
    /// The writable buffer of a raw tracepoint (`PTR_TO_TP_BUFFER`).
    TracepointBuffer,
}

/// The layout of a context structure.
#[derive(Debug)]
pub struct ContextLayout {
    /// The kernel's C name (`"struct xdp_md"`).
    pub name: &'static str,
    /// The structure's size in bytes: the extent programs may address.
    pub size: u32,
    /// The fields in offset order. Members of a union follow each other at the same offset.
    pub fields: &'static [Field],
}

impl ContextLayout {
    /// The field holding the bytes `offset..offset + size`: the first one, in declaration order,
    /// that starts at or before `offset` and extends to at least `offset + size`.
    pub fn field_at(&self, offset: u32, size: u32) -> Option<&'static Field> {
        let fields: &'static [Field] = self.fields;
        fields
            .iter()
            .find(|field| size > 0 && field.contains(offset, size))
    }

    /// The first field that contains the byte at `offset`, whatever the access size.
    pub fn field_containing(&self, offset: u32) -> Option<&'static Field> {
        let fields: &'static [Field] = self.fields;
        fields
            .iter()
            .find(|field| offset >= field.offset && offset < field.end())
    }

    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        let fields: &'static [Field] = self.fields;
        fields.iter().find(|field| field.name == name)
    }
}

/// The kind of a context access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A zero-extending load (`BPF_LDX | BPF_MEM`).
    Read,
    /// A sign-extending load (`BPF_LDX | BPF_MEMSX`, sizes 1, 2 and 4).
    ReadSignExtend,
    /// A store of a register (`BPF_STX | BPF_MEM`).
    Write,
}

impl Access {
    /// Whether the access is a store.
    pub const fn is_write(self) -> bool {
        matches!(self, Access::Write)
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Access::Read => "load",
            Access::ReadSignExtend => "sign-extending load",
            Access::Write => "store",
        })
    }
}

/// Why the verifier refuses a context access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessError {
    /// No context layout is encoded for this program type.
    NoContext {
        /// The program type.
        prog_type: ProgType,
    },
    /// The access size is not 1, 2, 4 or 8, or a sign-extending load of 8 bytes.
    BadAccessSize {
        /// The size.
        size: u32,
    },
    /// The access reaches outside the structure.
    OutOfBounds {
        /// Offset of the access.
        offset: u32,
        /// Size of the access.
        size: u32,
    },
    /// The offset is not a multiple of the access size, and this context requires it.
    Misaligned {
        /// Offset of the access.
        offset: u32,
        /// Size of the access.
        size: u32,
    },
    /// The offset is in padding between fields.
    NoField {
        /// Offset of the access.
        offset: u32,
    },
    /// The program type may not perform this kind of access on the field at all.
    NotAllowed {
        /// The field.
        field: &'static str,
        /// The refused kind of access.
        access: Access,
    },
    /// The program type may access the field, but not with this size at this offset.
    BadSize {
        /// The field.
        field: &'static str,
        /// Offset of the access.
        offset: u32,
        /// Size of the access.
        size: u32,
        /// The kind of access.
        access: Access,
    },
}

impl fmt::Display for AccessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccessError::NoContext { prog_type } => {
                write!(f, "no context layout is known for program type {prog_type}")
            }
            AccessError::BadAccessSize { size } => write!(f, "invalid access size {size}"),
            AccessError::OutOfBounds { offset, size } => {
                write!(
                    f,
                    "access of {size} bytes at offset {offset} is outside the context"
                )
            }
            AccessError::Misaligned { offset, size } => {
                write!(f, "access of {size} bytes at offset {offset} is misaligned")
            }
            AccessError::NoField { offset } => {
                write!(f, "offset {offset} is padding between context fields")
            }
            AccessError::NotAllowed { field, access } => {
                write!(f, "{access} of context field `{field}` is not allowed")
            }
            AccessError::BadSize {
                field,
                offset,
                size,
                access,
            } => write!(
                f,
                "{access} of {size} bytes at offset {offset} of context field `{field}` is not allowed"
            ),
        }
    }
}

impl std::error::Error for AccessError {}

/// Access sizes as a bit set: bit `n` stands for `1 << n` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sizes(u8);

impl Sizes {
    pub(crate) const NONE: Sizes = Sizes(0);
    pub(crate) const B1: Sizes = Sizes(1);
    pub(crate) const B2: Sizes = Sizes(2);
    pub(crate) const B4: Sizes = Sizes(4);
    pub(crate) const B8: Sizes = Sizes(8);
    /// 1, 2 or 4 bytes: narrow loads of a 32-bit field.
    pub(crate) const UP_TO_4: Sizes = Sizes(1 | 2 | 4);
    /// Any size.
    pub(crate) const ANY: Sizes = Sizes(1 | 2 | 4 | 8);

    pub(crate) const fn or(self, other: Sizes) -> Sizes {
        Sizes(self.0 | other.0)
    }

    pub(crate) const fn has(self, size: u32) -> bool {
        match size {
            1 => self.0 & 1 != 0,
            2 => self.0 & 2 != 0,
            4 => self.0 & 4 != 0,
            8 => self.0 & 8 != 0,
            _ => false,
        }
    }
}

/// Which accesses of one field the kernel accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rule {
    /// Sizes accepted anywhere inside the field (the access must end inside it).
    pub(crate) within: Sizes,
    /// Sizes accepted only at the field's first byte, even past its end (the kernel's
    /// `case offsetof(...)` as opposed to `case bpf_ctx_range(...)`).
    pub(crate) at_start: Sizes,
}

impl Rule {
    pub(crate) const DENIED: Rule = Rule {
        within: Sizes::NONE,
        at_start: Sizes::NONE,
    };

    pub(crate) const fn within(sizes: Sizes) -> Rule {
        Rule {
            within: sizes,
            at_start: Sizes::NONE,
        }
    }

    pub(crate) const fn at_start(sizes: Sizes) -> Rule {
        Rule {
            within: Sizes::NONE,
            at_start: sizes,
        }
    }

    pub(crate) const fn is_denied(self) -> bool {
        self.within.0 == 0 && self.at_start.0 == 0
    }

    /// Applies the rule to an access of `size` bytes at `offset` of `field`.
    pub(crate) fn apply(
        self,
        field: &'static Field,
        offset: u32,
        size: u32,
        access: Access,
    ) -> Result<&'static Field, AccessError> {
        if self.is_denied() {
            return Err(AccessError::NotAllowed {
                field: field.name,
                access,
            });
        }
        let inside = self.within.has(size) && field.contains(offset, size);
        let at_start = self.at_start.has(size) && offset == field.offset;
        if inside || at_start {
            Ok(field)
        } else {
            Err(AccessError::BadSize {
                field: field.name,
                offset,
                size,
                access,
            })
        }
    }
}

/// The checks every context shares: a valid size, inside the structure, aligned if the context
/// requires it, and not in padding. Returns the field the access starts in.
pub(crate) fn locate(
    layout: &ContextLayout,
    offset: u32,
    size: u32,
    access: Access,
    require_alignment: bool,
) -> Result<&'static Field, AccessError> {
    let valid_size =
        matches!(size, 1 | 2 | 4 | 8) && !(size == 8 && access == Access::ReadSignExtend);
    if !valid_size {
        return Err(AccessError::BadAccessSize { size });
    }
    if offset.checked_add(size).is_none_or(|end| end > layout.size) {
        return Err(AccessError::OutOfBounds { offset, size });
    }
    if require_alignment && !offset.is_multiple_of(size) {
        return Err(AccessError::Misaligned { offset, size });
    }
    layout
        .field_containing(offset)
        .ok_or(AccessError::NoField { offset })
}

/// The context layout a program of type `prog_type` receives, if encoded here.
pub fn layout(prog_type: ProgType) -> Option<&'static ContextLayout> {
    match prog_type {
        ProgType::Xdp => Some(&xdp_md::LAYOUT),
        ProgType::SocketFilter
        | ProgType::SchedCls
        | ProgType::SchedAct
        | ProgType::CgroupSkb
        | ProgType::LwtIn
        | ProgType::LwtOut
        | ProgType::LwtXmit
        | ProgType::LwtSeg6local
        | ProgType::SkSkb
        | ProgType::FlowDissector => Some(&sk_buff::LAYOUT),
        ProgType::Kprobe => Some(&pt_regs::LAYOUT),
        ProgType::PerfEvent => Some(&perf_event_data::LAYOUT),
        // LSM programs get the hook's arguments as an array of u64, then the return value of
        // the previous program; Sluice knows their scalar arguments (a pointer argument, a
        // typed kernel object in the kernel, loads as a plain number).
        ProgType::RawTracepoint | ProgType::Lsm => Some(&raw_tracepoint_args::LAYOUT),
        ProgType::RawTracepointWritable => Some(&raw_tracepoint_args::WRITABLE_LAYOUT),
        ProgType::Tracepoint => Some(&tracepoint::LAYOUT),
        _ => None,
    }
}

/// The field of `prog_type`'s context that holds `offset..offset + size`, if the context is
/// encoded and such a field exists (this does not check whether the access is allowed).
pub fn field_at(prog_type: ProgType, offset: u32, size: u32) -> Option<&'static Field> {
    layout(prog_type)?.field_at(offset, size)
}

/// Whether a program of type `prog_type` (default attach type, privileged) may load
/// (`write == false`) or store (`write == true`) `size` bytes at `offset` of its context;
/// on success, the field accessed.
pub fn check_access(
    prog_type: ProgType,
    offset: u32,
    size: u32,
    write: bool,
) -> Result<&'static Field, AccessError> {
    let access = if write { Access::Write } else { Access::Read };
    check(prog_type, None, offset, size, access)
}

/// Whether a program of type `prog_type`, loaded with `attach_type` (or the default), may
/// perform `access` of `size` bytes at `offset` of its context; on success, the field accessed.
pub fn check(
    prog_type: ProgType,
    attach_type: Option<AttachType>,
    offset: u32,
    size: u32,
    access: Access,
) -> Result<&'static Field, AccessError> {
    use sk_buff::Profile;
    let skb = |profile| sk_buff::check(profile, offset, size, access);
    match prog_type {
        ProgType::Xdp => xdp_md::check(attach_type, offset, size, access),
        ProgType::SocketFilter => skb(Profile::SocketFilter),
        ProgType::SchedCls | ProgType::SchedAct => skb(Profile::TcClsAct),
        ProgType::CgroupSkb => skb(Profile::CgroupSkb),
        ProgType::LwtIn | ProgType::LwtOut | ProgType::LwtXmit | ProgType::LwtSeg6local => {
            skb(Profile::Lwt)
        }
        ProgType::SkSkb => skb(Profile::SkSkb),
        ProgType::FlowDissector => skb(Profile::FlowDissector),
        ProgType::Kprobe => pt_regs::check(offset, size, access),
        ProgType::PerfEvent => perf_event_data::check(offset, size, access),
        ProgType::RawTracepoint | ProgType::Lsm => {
            raw_tracepoint_args::check(false, offset, size, access)
        }
        ProgType::RawTracepointWritable => raw_tracepoint_args::check(true, offset, size, access),
        ProgType::Tracepoint => tracepoint::check(offset, size, access),
        _ => Err(AccessError::NoContext { prog_type }),
    }
}

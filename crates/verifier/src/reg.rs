//! [`Reg`]: what the verifier knows about one register (or one spilled stack slot).
//!
//! A register is uninitialized, a scalar, or a pointer of some [`PtrKind`]. A pointer's
//! address is `base + off + var`: `off` a fixed offset, `var` a [`Scalar`] variable offset
//! (constant 0 unless something unknown was added). As in the kernel:
//! - `id` links registers that hold the same value: copies of a scalar (so a bound learnt on
//!   one applies to all), copies of a pointer that may be NULL (so one NULL check covers all),
//!   packet pointers with the same variable part (so one range check covers all);
//! - `ref_obj_id` names the reference (a ring buffer record, a socket) the pointer holds;
//! - `range`, for packet pointers, is how many bytes from `base + var` were proven to lie
//!   before `data_end` (an access at fixed offset `o` of size `s` needs `o + s <= range`).

use std::fmt;

use crate::scalar::Scalar;

/// What a pointer points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum PtrKind {
    /// The program's context (`PTR_TO_CTX`).
    Ctx,
    /// The stack of call frame `frame` (`PTR_TO_STACK`); the base is that frame's `r10`.
    Stack { frame: u8 },
    /// A map itself, as `lddw` loads it (`CONST_PTR_TO_MAP`); `map` indexes the verifier's
    /// map table.
    Map { map: u32 },
    /// A value of map `map` (`PTR_TO_MAP_VALUE`).
    MapValue { map: u32 },
    /// A key of map `map`, given to a `for_each_map_elem` callback (`PTR_TO_MAP_KEY`).
    MapKey { map: u32 },
    /// Packet data (`PTR_TO_PACKET`).
    Packet,
    /// The packet's metadata area (`PTR_TO_PACKET_META`).
    PacketMeta,
    /// One past the packet's last byte (`PTR_TO_PACKET_END`); never dereferenced.
    PacketEnd,
    /// `size` bytes of memory a helper handed out: a ring buffer record, ... (`PTR_TO_MEM`).
    Mem { size: u32 },
    /// The flow dissector's `struct bpf_flow_keys` (`PTR_TO_FLOW_KEYS`).
    FlowKeys,
    /// A socket as `struct bpf_sock` (`PTR_TO_SOCKET`, `PTR_TO_SOCK_COMMON`,
    /// `PTR_TO_TCP_SOCK`).
    Sock { kind: SockKind },
    /// The writable buffer of a raw tracepoint (`PTR_TO_TP_BUFFER`).
    TpBuffer,
    /// A subprogram's address, from `lddw` source 4 (`PTR_TO_FUNC`); `insn_idx` is its first
    /// instruction.
    Func { insn_idx: u32 },
    /// A kernel object the program may not dereference directly (`PTR_TO_BTF_ID` without
    /// BTF): a `task_struct` from `bpf_get_current_task_btf`, ...
    Kernel,
}

/// The flavours of socket pointers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum SockKind {
    /// `PTR_TO_SOCK_COMMON`.
    Common,
    /// `PTR_TO_SOCKET`.
    Full,
    /// `PTR_TO_TCP_SOCK`.
    Tcp,
}

impl PtrKind {
    /// The kernel's name of the register type, as in its verifier log (`map_value`, `fp`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            PtrKind::Ctx => "ctx",
            PtrKind::Stack { .. } => "fp",
            PtrKind::Map { .. } => "map_ptr",
            PtrKind::MapValue { .. } => "map_value",
            PtrKind::MapKey { .. } => "map_key",
            PtrKind::Packet => "pkt",
            PtrKind::PacketMeta => "pkt_meta",
            PtrKind::PacketEnd => "pkt_end",
            PtrKind::Mem { .. } => "mem",
            PtrKind::FlowKeys => "flow_keys",
            PtrKind::Sock {
                kind: SockKind::Common,
            } => "sock_common",
            PtrKind::Sock {
                kind: SockKind::Full,
            } => "sock",
            PtrKind::Sock {
                kind: SockKind::Tcp,
            } => "tcp_sock",
            PtrKind::TpBuffer => "tp_buffer",
            PtrKind::Func { .. } => "func",
            PtrKind::Kernel => "ptr_",
        }
    }

    /// Whether this is a packet data or metadata pointer (the kinds that carry a range).
    pub(crate) fn is_packet(self) -> bool {
        matches!(self, PtrKind::Packet | PtrKind::PacketMeta)
    }
}

/// What a register holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum RegKind {
    /// Never written on this path (`NOT_INIT`): reading it is an error.
    NotInit,
    /// A number (`SCALAR_VALUE`), described by [`Reg::var`].
    Scalar,
    /// A pointer.
    Ptr(PtrKind),
}

/// Flags of a pointer's type (the kernel's `PTR_MAYBE_NULL`, `MEM_RDONLY`, `MEM_RINGBUF`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub(crate) struct PtrFlags(u8);

impl PtrFlags {
    pub(crate) const NONE: PtrFlags = PtrFlags(0);
    /// The pointer may be NULL until checked.
    pub(crate) const MAYBE_NULL: PtrFlags = PtrFlags(1);
    /// The memory may only be read.
    pub(crate) const RDONLY: PtrFlags = PtrFlags(2);
    /// A ring buffer record (`bpf_ringbuf_reserve`).
    pub(crate) const RINGBUF: PtrFlags = PtrFlags(4);
    /// A packet pointer proven to be at or past the packet's end (`ptr >= data_end`, the
    /// kernel's `AT_PKT_END`); its range is 0.
    pub(crate) const AT_PKT_END: PtrFlags = PtrFlags(8);
    /// A packet pointer proven to be past the packet's end (`ptr > data_end`, the kernel's
    /// `BEYOND_PKT_END`); its range is 0.
    pub(crate) const BEYOND_PKT_END: PtrFlags = PtrFlags(16);
    /// Either of the two above.
    pub(crate) const PKT_END: PtrFlags = PtrFlags(8 | 16);

    pub(crate) const fn contains(self, other: PtrFlags) -> bool {
        self.0 & other.0 == other.0
    }

    pub(crate) const fn union(self, other: PtrFlags) -> PtrFlags {
        PtrFlags(self.0 | other.0)
    }

    pub(crate) const fn without(self, other: PtrFlags) -> PtrFlags {
        PtrFlags(self.0 & !other.0)
    }
}

/// One register's abstract value.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Reg {
    pub(crate) kind: RegKind,
    pub(crate) flags: PtrFlags,
    /// Fixed offset of a pointer.
    pub(crate) off: i32,
    /// The value of a scalar; the variable offset of a pointer.
    pub(crate) var: Scalar,
    /// Links equal values (see the module docs); 0 for none.
    pub(crate) id: u32,
    /// The reference held, 0 for none.
    pub(crate) ref_obj_id: u32,
    /// Packet pointers: bytes proven accessible from `base + var`.
    pub(crate) range: u32,
}

impl Reg {
    /// An uninitialized register.
    pub(crate) const NOT_INIT: Reg = Reg {
        kind: RegKind::NotInit,
        flags: PtrFlags::NONE,
        off: 0,
        var: Scalar::constant(0),
        id: 0,
        ref_obj_id: 0,
        range: 0,
    };

    /// A scalar with the values `var`.
    pub(crate) const fn scalar(var: Scalar) -> Reg {
        Reg {
            kind: RegKind::Scalar,
            flags: PtrFlags::NONE,
            off: 0,
            var,
            id: 0,
            ref_obj_id: 0,
            range: 0,
        }
    }

    /// Any number.
    pub(crate) const fn unknown() -> Reg {
        Reg::scalar(Scalar::UNKNOWN)
    }

    /// Exactly `value`.
    pub(crate) const fn constant(value: u64) -> Reg {
        Reg::scalar(Scalar::constant(value))
    }

    /// A pointer of `kind` at offset 0.
    pub(crate) const fn ptr(kind: PtrKind) -> Reg {
        Reg {
            kind: RegKind::Ptr(kind),
            flags: PtrFlags::NONE,
            off: 0,
            var: Scalar::constant(0),
            id: 0,
            ref_obj_id: 0,
            range: 0,
        }
    }

    pub(crate) const fn is_init(&self) -> bool {
        !matches!(self.kind, RegKind::NotInit)
    }

    pub(crate) const fn is_scalar(&self) -> bool {
        matches!(self.kind, RegKind::Scalar)
    }

    /// The pointer kind, if this is a pointer.
    pub(crate) const fn ptr_kind(&self) -> Option<PtrKind> {
        match self.kind {
            RegKind::Ptr(kind) => Some(kind),
            _ => None,
        }
    }

    pub(crate) const fn is_ptr(&self) -> bool {
        matches!(self.kind, RegKind::Ptr(_))
    }

    pub(crate) const fn maybe_null(&self) -> bool {
        self.flags.contains(PtrFlags::MAYBE_NULL)
    }

    /// The value, if this is a scalar with exactly one value.
    pub(crate) const fn const_value(&self) -> Option<u64> {
        match self.kind {
            RegKind::Scalar => self.var.const_value(),
            _ => None,
        }
    }

    /// Whether this is the scalar 0.
    pub(crate) const fn is_zero(&self) -> bool {
        matches!(self.const_value(), Some(0))
    }
}

impl fmt::Debug for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            RegKind::NotInit => f.write_str("uninit"),
            RegKind::Scalar => {
                if self.id != 0 && !self.var.is_const() {
                    write!(f, "{} (id={})", self.var, self.id)
                } else {
                    write!(f, "{}", self.var)
                }
            }
            RegKind::Ptr(kind) => {
                f.write_str(kind.name())?;
                if self.flags.contains(PtrFlags::RINGBUF) {
                    f.write_str("_ringbuf")?;
                }
                if self.flags.contains(PtrFlags::RDONLY) {
                    f.write_str("_rdonly")?;
                }
                if self.maybe_null() {
                    f.write_str("_or_null")?;
                }
                let mut parts = Vec::new();
                match kind {
                    PtrKind::Map { map } | PtrKind::MapValue { map } | PtrKind::MapKey { map } => {
                        parts.push(format!("map#{map}"))
                    }
                    PtrKind::Stack { frame } if frame > 0 => parts.push(format!("frame={frame}")),
                    PtrKind::Mem { size } => parts.push(format!("size={size}")),
                    PtrKind::Func { insn_idx } => parts.push(format!("insn={insn_idx}")),
                    _ => {}
                }
                if self.id != 0 {
                    parts.push(format!("id={}", self.id));
                }
                if self.ref_obj_id != 0 {
                    parts.push(format!("ref_obj_id={}", self.ref_obj_id));
                }
                parts.push(format!("off={}", self.off));
                if self.flags.contains(PtrFlags::BEYOND_PKT_END) {
                    parts.push("r=beyond_pkt_end".to_string());
                } else if self.flags.contains(PtrFlags::AT_PKT_END) {
                    parts.push("r=at_pkt_end".to_string());
                } else if kind.is_packet() {
                    parts.push(format!("r={}", self.range));
                }
                if !self.var.is_const() || self.var.const_value() != Some(0) {
                    parts.push(format!("var={}", self.var));
                }
                write!(f, "({})", parts.join(","))
            }
        }
    }
}

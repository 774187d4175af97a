//! The vocabulary of helper prototypes as the verifier sees them: return types, argument types,
//! their modifier flags, and `HelperProto`, the mirror of the kernel's `struct bpf_func_proto`.
//!
//! The kernel describes each helper with a `struct bpf_func_proto` (`include/linux/bpf.h`): an
//! `enum bpf_return_type`, up to five `enum bpf_arg_type`s, optional BTF types or fixed sizes
//! for pointer arguments, and the flags `gpl_only`, `pkt_access`, `might_sleep` and
//! `allow_fastcall`. Both enums are a small base type in the low 8 bits
//! (`BPF_BASE_TYPE_BITS`) ORed with flags from `enum bpf_type_flag`. This module mirrors that
//! split: [`ArgKind`]/[`RetKind`] are the base types and [`TypeFlags`] the flags, with the
//! kernel's numeric values so that [`ArgType::kernel_value`] equals the kernel's enum value
//! (the tests compare against `enum bpf_arg_type`, `enum bpf_return_type` and
//! `enum bpf_type_flag` in the running kernel's BTF, Linux 6.18).
//!
//! Kernels before 6.12 had separate names for some combinations; they are composites here:
//! `ARG_PTR_TO_UNINIT_MAP_VALUE` is `PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE`,
//! `ARG_PTR_TO_LONG`/`ARG_PTR_TO_INT` are `PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE |
//! MEM_ALIGNED` with a fixed size of 8 or 4, and `RET_PTR_TO_ALLOC_MEM_OR_NULL` (what
//! `bpf_ringbuf_reserve` returns) is [`RetType::PTR_TO_RINGBUF_MEM_OR_NULL`].

use std::fmt;

/// Number of low bits of a kernel type value that hold the base type (`BPF_BASE_TYPE_BITS`).
pub const BPF_BASE_TYPE_BITS: u32 = 8;

/// Modifier flags ORed into a base argument, return or register type (`enum bpf_type_flag`),
/// with the kernel's bit values.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TypeFlags(u32);

impl TypeFlags {
    /// No flags.
    pub const NONE: TypeFlags = TypeFlags(0);
    /// The pointer may be NULL (`PTR_MAYBE_NULL`); for an argument, NULL is accepted.
    pub const PTR_MAYBE_NULL: TypeFlags = TypeFlags(1 << 8);
    /// The memory is only read (`MEM_RDONLY`); read-only memory is accepted.
    pub const MEM_RDONLY: TypeFlags = TypeFlags(1 << 9);
    /// The memory was reserved in a ring buffer (`MEM_RINGBUF`).
    pub const MEM_RINGBUF: TypeFlags = TypeFlags(1 << 10);
    /// The memory is in user space (`MEM_USER`).
    pub const MEM_USER: TypeFlags = TypeFlags(1 << 11);
    /// The memory is a per-CPU region (`MEM_PERCPU`).
    pub const MEM_PERCPU: TypeFlags = TypeFlags(1 << 12);
    /// The argument releases a reference the program holds (`OBJ_RELEASE`).
    pub const OBJ_RELEASE: TypeFlags = TypeFlags(1 << 13);
    /// The pointer is not trusted; loads through it are probe reads (`PTR_UNTRUSTED`).
    pub const PTR_UNTRUSTED: TypeFlags = TypeFlags(1 << 14);
    /// The helper does not read the memory, it only fills it (`MEM_UNINIT`); uninitialized
    /// stack is accepted.
    pub const MEM_UNINIT: TypeFlags = TypeFlags(1 << 15);
    /// The dynptr refers to memory local to the program (`DYNPTR_TYPE_LOCAL`).
    pub const DYNPTR_TYPE_LOCAL: TypeFlags = TypeFlags(1 << 16);
    /// The dynptr refers to a ring buffer reservation (`DYNPTR_TYPE_RINGBUF`).
    pub const DYNPTR_TYPE_RINGBUF: TypeFlags = TypeFlags(1 << 17);
    /// The memory's size is the proto's fixed size, not the next argument (`MEM_FIXED_SIZE`).
    pub const MEM_FIXED_SIZE: TypeFlags = TypeFlags(1 << 18);
    /// The memory was allocated by the program (`MEM_ALLOC`).
    pub const MEM_ALLOC: TypeFlags = TypeFlags(1 << 19);
    /// The pointer is trusted (`PTR_TRUSTED`).
    pub const PTR_TRUSTED: TypeFlags = TypeFlags(1 << 20);
    /// The pointer is protected by RCU (`MEM_RCU`).
    pub const MEM_RCU: TypeFlags = TypeFlags(1 << 21);
    /// A non-owning reference to an allocated object (`NON_OWN_REF`).
    pub const NON_OWN_REF: TypeFlags = TypeFlags(1 << 22);
    /// The dynptr refers to an `sk_buff` (`DYNPTR_TYPE_SKB`).
    pub const DYNPTR_TYPE_SKB: TypeFlags = TypeFlags(1 << 23);
    /// The dynptr refers to an XDP buffer (`DYNPTR_TYPE_XDP`).
    pub const DYNPTR_TYPE_XDP: TypeFlags = TypeFlags(1 << 24);
    /// The memory must be aligned to its size (`MEM_ALIGNED`).
    pub const MEM_ALIGNED: TypeFlags = TypeFlags(1 << 25);
    /// The helper writes the memory (`MEM_WRITE`); read-only memory is refused.
    pub const MEM_WRITE: TypeFlags = TypeFlags(1 << 26);
    /// The dynptr refers to an `sk_buff`'s metadata area (`DYNPTR_TYPE_SKB_META`, 6.18).
    pub const DYNPTR_TYPE_SKB_META: TypeFlags = TypeFlags(1 << 27);

    /// Every named flag with the kernel's identifier, lowest bit first.
    pub const NAMED: &'static [(TypeFlags, &'static str)] = &[
        (TypeFlags::PTR_MAYBE_NULL, "PTR_MAYBE_NULL"),
        (TypeFlags::MEM_RDONLY, "MEM_RDONLY"),
        (TypeFlags::MEM_RINGBUF, "MEM_RINGBUF"),
        (TypeFlags::MEM_USER, "MEM_USER"),
        (TypeFlags::MEM_PERCPU, "MEM_PERCPU"),
        (TypeFlags::OBJ_RELEASE, "OBJ_RELEASE"),
        (TypeFlags::PTR_UNTRUSTED, "PTR_UNTRUSTED"),
        (TypeFlags::MEM_UNINIT, "MEM_UNINIT"),
        (TypeFlags::DYNPTR_TYPE_LOCAL, "DYNPTR_TYPE_LOCAL"),
        (TypeFlags::DYNPTR_TYPE_RINGBUF, "DYNPTR_TYPE_RINGBUF"),
        (TypeFlags::MEM_FIXED_SIZE, "MEM_FIXED_SIZE"),
        (TypeFlags::MEM_ALLOC, "MEM_ALLOC"),
        (TypeFlags::PTR_TRUSTED, "PTR_TRUSTED"),
        (TypeFlags::MEM_RCU, "MEM_RCU"),
        (TypeFlags::NON_OWN_REF, "NON_OWN_REF"),
        (TypeFlags::DYNPTR_TYPE_SKB, "DYNPTR_TYPE_SKB"),
        (TypeFlags::DYNPTR_TYPE_XDP, "DYNPTR_TYPE_XDP"),
        (TypeFlags::MEM_ALIGNED, "MEM_ALIGNED"),
        (TypeFlags::MEM_WRITE, "MEM_WRITE"),
        (TypeFlags::DYNPTR_TYPE_SKB_META, "DYNPTR_TYPE_SKB_META"),
    ];

    /// The flags with the kernel's bit pattern `bits`, if every set bit is a named flag.
    pub const fn from_bits(bits: u32) -> Option<TypeFlags> {
        if bits & !0x0fff_ff00 != 0 {
            return None;
        }
        Some(TypeFlags(bits))
    }

    /// The kernel's bit pattern.
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Both sets of flags.
    pub const fn union(self, other: TypeFlags) -> TypeFlags {
        TypeFlags(self.0 | other.0)
    }

    /// Whether every flag of `other` is set here.
    pub const fn contains(self, other: TypeFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether no flag is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Debug for TypeFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("NONE");
        }
        let mut first = true;
        for (flag, name) in TypeFlags::NAMED {
            if self.contains(*flag) {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

/// The base type of a helper argument (the low bits of `enum bpf_arg_type`), with the kernel's
/// values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ArgKind {
    /// Unused argument (`ARG_DONTCARE`).
    DontCare = 0,
    /// A map, loaded with `lddw` from a map fd or value (`ARG_CONST_MAP_PTR`).
    ConstMapPtr = 1,
    /// Pointer to `key_size` readable bytes of the map in the preceding argument
    /// (`ARG_PTR_TO_MAP_KEY`).
    PtrToMapKey = 2,
    /// Pointer to `value_size` bytes for the map in argument 1 (`ARG_PTR_TO_MAP_VALUE`).
    PtrToMapValue = 3,
    /// Pointer to memory whose size is the next argument or the fixed size (`ARG_PTR_TO_MEM`):
    /// stack, packet, map value, ring buffer or other memory.
    PtrToMem = 4,
    /// Pointer into an arena (`ARG_PTR_TO_ARENA`).
    PtrToArena = 5,
    /// Size, a known positive constant or bounded scalar, of the preceding memory argument
    /// (`ARG_CONST_SIZE`).
    ConstSize = 6,
    /// Size of the preceding memory argument that may be zero (`ARG_CONST_SIZE_OR_ZERO`).
    ConstSizeOrZero = 7,
    /// The program's context pointer, unmodified (`ARG_PTR_TO_CTX`).
    PtrToCtx = 8,
    /// Any initialized scalar or pointer (`ARG_ANYTHING`).
    Anything = 9,
    /// Pointer to a `struct bpf_spin_lock` inside a map value or allocated object
    /// (`ARG_PTR_TO_SPIN_LOCK`).
    PtrToSpinLock = 10,
    /// Pointer to a `sock_common` or socket (`ARG_PTR_TO_SOCK_COMMON`).
    PtrToSockCommon = 11,
    /// Pointer to a full socket, `struct bpf_sock` (`ARG_PTR_TO_SOCKET`).
    PtrToSocket = 12,
    /// Pointer to a kernel object of the proto's BTF type (`ARG_PTR_TO_BTF_ID`).
    PtrToBtfId = 13,
    /// Pointer returned by `bpf_ringbuf_reserve` (`ARG_PTR_TO_RINGBUF_MEM`).
    PtrToRingbufMem = 14,
    /// Size of memory the helper allocates, may be zero (`ARG_CONST_ALLOC_SIZE_OR_ZERO`).
    ConstAllocSizeOrZero = 15,
    /// Pointer to a `sock_common` as a BTF object or a `bpf_sock`
    /// (`ARG_PTR_TO_BTF_ID_SOCK_COMMON`).
    PtrToBtfIdSockCommon = 16,
    /// Pointer to a per-CPU kernel variable (`ARG_PTR_TO_PERCPU_BTF_ID`).
    PtrToPercpuBtfId = 17,
    /// Pointer to a static BPF function, a callback (`ARG_PTR_TO_FUNC`).
    PtrToFunc = 18,
    /// Pointer to the program's stack (`ARG_PTR_TO_STACK`).
    PtrToStack = 19,
    /// Pointer to a NUL-terminated string in a read-only map value (`ARG_PTR_TO_CONST_STR`).
    PtrToConstStr = 20,
    /// Pointer to a `struct bpf_timer` in a map value (`ARG_PTR_TO_TIMER`).
    PtrToTimer = 21,
    /// Pointer to a kptr field of a map value (`ARG_KPTR_XCHG_DEST`).
    KptrXchgDest = 22,
    /// Pointer to a `struct bpf_dynptr` on the stack (`ARG_PTR_TO_DYNPTR`).
    PtrToDynptr = 23,
}

impl ArgKind {
    /// The kernel's identifier (`"ARG_PTR_TO_MEM"`).
    pub const fn kernel_name(self) -> &'static str {
        match self {
            ArgKind::DontCare => "ARG_DONTCARE",
            ArgKind::ConstMapPtr => "ARG_CONST_MAP_PTR",
            ArgKind::PtrToMapKey => "ARG_PTR_TO_MAP_KEY",
            ArgKind::PtrToMapValue => "ARG_PTR_TO_MAP_VALUE",
            ArgKind::PtrToMem => "ARG_PTR_TO_MEM",
            ArgKind::PtrToArena => "ARG_PTR_TO_ARENA",
            ArgKind::ConstSize => "ARG_CONST_SIZE",
            ArgKind::ConstSizeOrZero => "ARG_CONST_SIZE_OR_ZERO",
            ArgKind::PtrToCtx => "ARG_PTR_TO_CTX",
            ArgKind::Anything => "ARG_ANYTHING",
            ArgKind::PtrToSpinLock => "ARG_PTR_TO_SPIN_LOCK",
            ArgKind::PtrToSockCommon => "ARG_PTR_TO_SOCK_COMMON",
            ArgKind::PtrToSocket => "ARG_PTR_TO_SOCKET",
            ArgKind::PtrToBtfId => "ARG_PTR_TO_BTF_ID",
            ArgKind::PtrToRingbufMem => "ARG_PTR_TO_RINGBUF_MEM",
            ArgKind::ConstAllocSizeOrZero => "ARG_CONST_ALLOC_SIZE_OR_ZERO",
            ArgKind::PtrToBtfIdSockCommon => "ARG_PTR_TO_BTF_ID_SOCK_COMMON",
            ArgKind::PtrToPercpuBtfId => "ARG_PTR_TO_PERCPU_BTF_ID",
            ArgKind::PtrToFunc => "ARG_PTR_TO_FUNC",
            ArgKind::PtrToStack => "ARG_PTR_TO_STACK",
            ArgKind::PtrToConstStr => "ARG_PTR_TO_CONST_STR",
            ArgKind::PtrToTimer => "ARG_PTR_TO_TIMER",
            ArgKind::KptrXchgDest => "ARG_KPTR_XCHG_DEST",
            ArgKind::PtrToDynptr => "ARG_PTR_TO_DYNPTR",
        }
    }

    /// Every base argument type, in the kernel's order.
    pub const ALL: &'static [ArgKind] = &[
        ArgKind::DontCare,
        ArgKind::ConstMapPtr,
        ArgKind::PtrToMapKey,
        ArgKind::PtrToMapValue,
        ArgKind::PtrToMem,
        ArgKind::PtrToArena,
        ArgKind::ConstSize,
        ArgKind::ConstSizeOrZero,
        ArgKind::PtrToCtx,
        ArgKind::Anything,
        ArgKind::PtrToSpinLock,
        ArgKind::PtrToSockCommon,
        ArgKind::PtrToSocket,
        ArgKind::PtrToBtfId,
        ArgKind::PtrToRingbufMem,
        ArgKind::ConstAllocSizeOrZero,
        ArgKind::PtrToBtfIdSockCommon,
        ArgKind::PtrToPercpuBtfId,
        ArgKind::PtrToFunc,
        ArgKind::PtrToStack,
        ArgKind::PtrToConstStr,
        ArgKind::PtrToTimer,
        ArgKind::KptrXchgDest,
        ArgKind::PtrToDynptr,
    ];
}

/// The type of one helper argument: a base type and modifier flags (`enum bpf_arg_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArgType {
    /// The base type.
    pub kind: ArgKind,
    /// The modifiers.
    pub flags: TypeFlags,
}

impl ArgType {
    /// A base type without modifiers.
    pub const fn new(kind: ArgKind) -> ArgType {
        ArgType {
            kind,
            flags: TypeFlags::NONE,
        }
    }

    /// This type with `flags` added.
    pub const fn with(self, flags: TypeFlags) -> ArgType {
        ArgType {
            kind: self.kind,
            flags: self.flags.union(flags),
        }
    }

    /// The kernel's numeric value of this `enum bpf_arg_type`.
    pub const fn kernel_value(self) -> u32 {
        self.kind as u32 | self.flags.bits()
    }

    /// Whether NULL is accepted (`PTR_MAYBE_NULL`).
    pub const fn may_be_null(self) -> bool {
        self.flags.contains(TypeFlags::PTR_MAYBE_NULL)
    }

    /// Whether this argument is a size (of the memory argument before it).
    pub const fn is_size(self) -> bool {
        matches!(
            self.kind,
            ArgKind::ConstSize | ArgKind::ConstSizeOrZero | ArgKind::ConstAllocSizeOrZero
        )
    }

    /// `ARG_DONTCARE`.
    pub const DONTCARE: ArgType = ArgType::new(ArgKind::DontCare);
    /// `ARG_CONST_MAP_PTR`.
    pub const CONST_MAP_PTR: ArgType = ArgType::new(ArgKind::ConstMapPtr);
    /// `ARG_PTR_TO_MAP_KEY`.
    pub const PTR_TO_MAP_KEY: ArgType = ArgType::new(ArgKind::PtrToMapKey);
    /// `ARG_PTR_TO_MAP_VALUE`.
    pub const PTR_TO_MAP_VALUE: ArgType = ArgType::new(ArgKind::PtrToMapValue);
    /// `ARG_PTR_TO_MEM`.
    pub const PTR_TO_MEM: ArgType = ArgType::new(ArgKind::PtrToMem);
    /// `ARG_PTR_TO_ARENA`.
    pub const PTR_TO_ARENA: ArgType = ArgType::new(ArgKind::PtrToArena);
    /// `ARG_CONST_SIZE`.
    pub const CONST_SIZE: ArgType = ArgType::new(ArgKind::ConstSize);
    /// `ARG_CONST_SIZE_OR_ZERO`.
    pub const CONST_SIZE_OR_ZERO: ArgType = ArgType::new(ArgKind::ConstSizeOrZero);
    /// `ARG_PTR_TO_CTX`.
    pub const PTR_TO_CTX: ArgType = ArgType::new(ArgKind::PtrToCtx);
    /// `ARG_ANYTHING`.
    pub const ANYTHING: ArgType = ArgType::new(ArgKind::Anything);
    /// `ARG_PTR_TO_SPIN_LOCK`.
    pub const PTR_TO_SPIN_LOCK: ArgType = ArgType::new(ArgKind::PtrToSpinLock);
    /// `ARG_PTR_TO_SOCK_COMMON`.
    pub const PTR_TO_SOCK_COMMON: ArgType = ArgType::new(ArgKind::PtrToSockCommon);
    /// `ARG_PTR_TO_SOCKET`.
    pub const PTR_TO_SOCKET: ArgType = ArgType::new(ArgKind::PtrToSocket);
    /// `ARG_PTR_TO_BTF_ID`.
    pub const PTR_TO_BTF_ID: ArgType = ArgType::new(ArgKind::PtrToBtfId);
    /// `ARG_PTR_TO_RINGBUF_MEM`.
    pub const PTR_TO_RINGBUF_MEM: ArgType = ArgType::new(ArgKind::PtrToRingbufMem);
    /// `ARG_CONST_ALLOC_SIZE_OR_ZERO`.
    pub const CONST_ALLOC_SIZE_OR_ZERO: ArgType = ArgType::new(ArgKind::ConstAllocSizeOrZero);
    /// `ARG_PTR_TO_BTF_ID_SOCK_COMMON`.
    pub const PTR_TO_BTF_ID_SOCK_COMMON: ArgType = ArgType::new(ArgKind::PtrToBtfIdSockCommon);
    /// `ARG_PTR_TO_PERCPU_BTF_ID`.
    pub const PTR_TO_PERCPU_BTF_ID: ArgType = ArgType::new(ArgKind::PtrToPercpuBtfId);
    /// `ARG_PTR_TO_FUNC`.
    pub const PTR_TO_FUNC: ArgType = ArgType::new(ArgKind::PtrToFunc);
    /// `ARG_PTR_TO_STACK`.
    pub const PTR_TO_STACK: ArgType = ArgType::new(ArgKind::PtrToStack);
    /// `ARG_PTR_TO_CONST_STR`.
    pub const PTR_TO_CONST_STR: ArgType = ArgType::new(ArgKind::PtrToConstStr);
    /// `ARG_PTR_TO_TIMER`.
    pub const PTR_TO_TIMER: ArgType = ArgType::new(ArgKind::PtrToTimer);
    /// `ARG_KPTR_XCHG_DEST`.
    pub const KPTR_XCHG_DEST: ArgType = ArgType::new(ArgKind::KptrXchgDest);
    /// `ARG_PTR_TO_DYNPTR`.
    pub const PTR_TO_DYNPTR: ArgType = ArgType::new(ArgKind::PtrToDynptr);
    /// `ARG_PTR_TO_MAP_VALUE_OR_NULL`.
    pub const PTR_TO_MAP_VALUE_OR_NULL: ArgType =
        ArgType::PTR_TO_MAP_VALUE.with(TypeFlags::PTR_MAYBE_NULL);
    /// `ARG_PTR_TO_MEM_OR_NULL`.
    pub const PTR_TO_MEM_OR_NULL: ArgType = ArgType::PTR_TO_MEM.with(TypeFlags::PTR_MAYBE_NULL);
    /// `ARG_PTR_TO_CTX_OR_NULL`.
    pub const PTR_TO_CTX_OR_NULL: ArgType = ArgType::PTR_TO_CTX.with(TypeFlags::PTR_MAYBE_NULL);
    /// `ARG_PTR_TO_SOCKET_OR_NULL`.
    pub const PTR_TO_SOCKET_OR_NULL: ArgType =
        ArgType::PTR_TO_SOCKET.with(TypeFlags::PTR_MAYBE_NULL);
    /// `ARG_PTR_TO_STACK_OR_NULL`.
    pub const PTR_TO_STACK_OR_NULL: ArgType = ArgType::PTR_TO_STACK.with(TypeFlags::PTR_MAYBE_NULL);
    /// `ARG_PTR_TO_BTF_ID_OR_NULL`.
    pub const PTR_TO_BTF_ID_OR_NULL: ArgType =
        ArgType::PTR_TO_BTF_ID.with(TypeFlags::PTR_MAYBE_NULL);
    /// `ARG_PTR_TO_UNINIT_MEM`: memory the helper only writes.
    pub const PTR_TO_UNINIT_MEM: ArgType =
        ArgType::PTR_TO_MEM.with(TypeFlags::MEM_UNINIT.union(TypeFlags::MEM_WRITE));
    /// `ARG_PTR_TO_FIXED_SIZE_MEM`: memory of the proto's fixed size.
    pub const PTR_TO_FIXED_SIZE_MEM: ArgType = ArgType::PTR_TO_MEM.with(TypeFlags::MEM_FIXED_SIZE);
    /// A map value the helper fills without reading (kernels before 6.12:
    /// `ARG_PTR_TO_UNINIT_MAP_VALUE`), as `bpf_map_pop_elem` and `bpf_map_peek_elem` take.
    pub const PTR_TO_UNINIT_MAP_VALUE: ArgType =
        ArgType::PTR_TO_MAP_VALUE.with(TypeFlags::MEM_UNINIT.union(TypeFlags::MEM_WRITE));

    /// The named composites of `enum bpf_arg_type` with the kernel's identifiers (those the
    /// kernel defines, not [`ArgType::PTR_TO_UNINIT_MAP_VALUE`]).
    pub const NAMED_COMPOSITES: &'static [(ArgType, &'static str)] = &[
        (
            ArgType::PTR_TO_MAP_VALUE_OR_NULL,
            "ARG_PTR_TO_MAP_VALUE_OR_NULL",
        ),
        (ArgType::PTR_TO_MEM_OR_NULL, "ARG_PTR_TO_MEM_OR_NULL"),
        (ArgType::PTR_TO_CTX_OR_NULL, "ARG_PTR_TO_CTX_OR_NULL"),
        (ArgType::PTR_TO_SOCKET_OR_NULL, "ARG_PTR_TO_SOCKET_OR_NULL"),
        (ArgType::PTR_TO_STACK_OR_NULL, "ARG_PTR_TO_STACK_OR_NULL"),
        (ArgType::PTR_TO_BTF_ID_OR_NULL, "ARG_PTR_TO_BTF_ID_OR_NULL"),
        (ArgType::PTR_TO_UNINIT_MEM, "ARG_PTR_TO_UNINIT_MEM"),
        (ArgType::PTR_TO_FIXED_SIZE_MEM, "ARG_PTR_TO_FIXED_SIZE_MEM"),
    ];
}

impl fmt::Display for ArgType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.kernel_name())?;
        if !self.flags.is_empty() {
            write!(f, " | {:?}", self.flags)?;
        }
        Ok(())
    }
}

/// The base type of a helper's return value (the low bits of `enum bpf_return_type`), with the
/// kernel's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum RetKind {
    /// A scalar (`RET_INTEGER`).
    Integer = 0,
    /// Nothing; `r0` is unreadable after the call (`RET_VOID`).
    Void = 1,
    /// Pointer to a value of the map in argument 1 (`RET_PTR_TO_MAP_VALUE`).
    PtrToMapValue = 2,
    /// Pointer to a full socket (`RET_PTR_TO_SOCKET`).
    PtrToSocket = 3,
    /// Pointer to a `tcp_sock` (`RET_PTR_TO_TCP_SOCK`).
    PtrToTcpSock = 4,
    /// Pointer to a `sock_common` (`RET_PTR_TO_SOCK_COMMON`).
    PtrToSockCommon = 5,
    /// Pointer to memory whose size the call's size argument gives (`RET_PTR_TO_MEM`).
    PtrToMem = 6,
    /// Pointer to memory or to a BTF object, decided by the argument (`RET_PTR_TO_MEM_OR_BTF_ID`).
    PtrToMemOrBtfId = 7,
    /// Pointer to a kernel object of the proto's return BTF type (`RET_PTR_TO_BTF_ID`).
    PtrToBtfId = 8,
}

impl RetKind {
    /// The kernel's identifier (`"RET_INTEGER"`).
    pub const fn kernel_name(self) -> &'static str {
        match self {
            RetKind::Integer => "RET_INTEGER",
            RetKind::Void => "RET_VOID",
            RetKind::PtrToMapValue => "RET_PTR_TO_MAP_VALUE",
            RetKind::PtrToSocket => "RET_PTR_TO_SOCKET",
            RetKind::PtrToTcpSock => "RET_PTR_TO_TCP_SOCK",
            RetKind::PtrToSockCommon => "RET_PTR_TO_SOCK_COMMON",
            RetKind::PtrToMem => "RET_PTR_TO_MEM",
            RetKind::PtrToMemOrBtfId => "RET_PTR_TO_MEM_OR_BTF_ID",
            RetKind::PtrToBtfId => "RET_PTR_TO_BTF_ID",
        }
    }

    /// Every base return type, in the kernel's order.
    pub const ALL: &'static [RetKind] = &[
        RetKind::Integer,
        RetKind::Void,
        RetKind::PtrToMapValue,
        RetKind::PtrToSocket,
        RetKind::PtrToTcpSock,
        RetKind::PtrToSockCommon,
        RetKind::PtrToMem,
        RetKind::PtrToMemOrBtfId,
        RetKind::PtrToBtfId,
    ];
}

/// The type of a helper's return value: a base type and modifier flags
/// (`enum bpf_return_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetType {
    /// The base type.
    pub kind: RetKind,
    /// The modifiers.
    pub flags: TypeFlags,
}

impl RetType {
    /// A base type without modifiers.
    pub const fn new(kind: RetKind) -> RetType {
        RetType {
            kind,
            flags: TypeFlags::NONE,
        }
    }

    /// This type with `flags` added.
    pub const fn with(self, flags: TypeFlags) -> RetType {
        RetType {
            kind: self.kind,
            flags: self.flags.union(flags),
        }
    }

    /// The kernel's numeric value of this `enum bpf_return_type`.
    pub const fn kernel_value(self) -> u32 {
        self.kind as u32 | self.flags.bits()
    }

    /// Whether the returned pointer may be NULL and must be checked before use.
    pub const fn may_be_null(self) -> bool {
        self.flags.contains(TypeFlags::PTR_MAYBE_NULL)
    }

    /// `RET_INTEGER`.
    pub const INTEGER: RetType = RetType::new(RetKind::Integer);
    /// `RET_VOID`.
    pub const VOID: RetType = RetType::new(RetKind::Void);
    /// `RET_PTR_TO_MAP_VALUE`.
    pub const PTR_TO_MAP_VALUE: RetType = RetType::new(RetKind::PtrToMapValue);
    /// `RET_PTR_TO_SOCKET`.
    pub const PTR_TO_SOCKET: RetType = RetType::new(RetKind::PtrToSocket);
    /// `RET_PTR_TO_TCP_SOCK`.
    pub const PTR_TO_TCP_SOCK: RetType = RetType::new(RetKind::PtrToTcpSock);
    /// `RET_PTR_TO_SOCK_COMMON`.
    pub const PTR_TO_SOCK_COMMON: RetType = RetType::new(RetKind::PtrToSockCommon);
    /// `RET_PTR_TO_MEM`.
    pub const PTR_TO_MEM: RetType = RetType::new(RetKind::PtrToMem);
    /// `RET_PTR_TO_MEM_OR_BTF_ID`.
    pub const PTR_TO_MEM_OR_BTF_ID: RetType = RetType::new(RetKind::PtrToMemOrBtfId);
    /// `RET_PTR_TO_BTF_ID`.
    pub const PTR_TO_BTF_ID: RetType = RetType::new(RetKind::PtrToBtfId);
    /// `RET_PTR_TO_MAP_VALUE_OR_NULL` (`bpf_map_lookup_elem`).
    pub const PTR_TO_MAP_VALUE_OR_NULL: RetType =
        RetType::PTR_TO_MAP_VALUE.with(TypeFlags::PTR_MAYBE_NULL);
    /// `RET_PTR_TO_SOCKET_OR_NULL` (`bpf_sk_lookup_tcp`).
    pub const PTR_TO_SOCKET_OR_NULL: RetType =
        RetType::PTR_TO_SOCKET.with(TypeFlags::PTR_MAYBE_NULL);
    /// `RET_PTR_TO_TCP_SOCK_OR_NULL` (`bpf_tcp_sock`).
    pub const PTR_TO_TCP_SOCK_OR_NULL: RetType =
        RetType::PTR_TO_TCP_SOCK.with(TypeFlags::PTR_MAYBE_NULL);
    /// `RET_PTR_TO_SOCK_COMMON_OR_NULL` (`bpf_skc_lookup_tcp`).
    pub const PTR_TO_SOCK_COMMON_OR_NULL: RetType =
        RetType::PTR_TO_SOCK_COMMON.with(TypeFlags::PTR_MAYBE_NULL);
    /// `RET_PTR_TO_RINGBUF_MEM_OR_NULL` (`bpf_ringbuf_reserve`; `RET_PTR_TO_ALLOC_MEM_OR_NULL`
    /// in kernels before 5.19).
    pub const PTR_TO_RINGBUF_MEM_OR_NULL: RetType =
        RetType::PTR_TO_MEM.with(TypeFlags::PTR_MAYBE_NULL.union(TypeFlags::MEM_RINGBUF));
    /// `RET_PTR_TO_DYNPTR_MEM_OR_NULL` (`bpf_dynptr_data`).
    pub const PTR_TO_DYNPTR_MEM_OR_NULL: RetType =
        RetType::PTR_TO_MEM.with(TypeFlags::PTR_MAYBE_NULL);
    /// `RET_PTR_TO_BTF_ID_OR_NULL`.
    pub const PTR_TO_BTF_ID_OR_NULL: RetType =
        RetType::PTR_TO_BTF_ID.with(TypeFlags::PTR_MAYBE_NULL);
    /// `RET_PTR_TO_BTF_ID_TRUSTED` (`bpf_get_current_task_btf`).
    pub const PTR_TO_BTF_ID_TRUSTED: RetType = RetType::PTR_TO_BTF_ID.with(TypeFlags::PTR_TRUSTED);

    /// The named composites of `enum bpf_return_type` with the kernel's identifiers.
    pub const NAMED_COMPOSITES: &'static [(RetType, &'static str)] = &[
        (
            RetType::PTR_TO_MAP_VALUE_OR_NULL,
            "RET_PTR_TO_MAP_VALUE_OR_NULL",
        ),
        (RetType::PTR_TO_SOCKET_OR_NULL, "RET_PTR_TO_SOCKET_OR_NULL"),
        (
            RetType::PTR_TO_TCP_SOCK_OR_NULL,
            "RET_PTR_TO_TCP_SOCK_OR_NULL",
        ),
        (
            RetType::PTR_TO_SOCK_COMMON_OR_NULL,
            "RET_PTR_TO_SOCK_COMMON_OR_NULL",
        ),
        (
            RetType::PTR_TO_RINGBUF_MEM_OR_NULL,
            "RET_PTR_TO_RINGBUF_MEM_OR_NULL",
        ),
        (
            RetType::PTR_TO_DYNPTR_MEM_OR_NULL,
            "RET_PTR_TO_DYNPTR_MEM_OR_NULL",
        ),
        (RetType::PTR_TO_BTF_ID_OR_NULL, "RET_PTR_TO_BTF_ID_OR_NULL"),
        (RetType::PTR_TO_BTF_ID_TRUSTED, "RET_PTR_TO_BTF_ID_TRUSTED"),
    ];
}

impl fmt::Display for RetType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.kernel_name())?;
        if !self.flags.is_empty() {
            write!(f, " | {:?}", self.flags)?;
        }
        Ok(())
    }
}

/// The kernel type a BTF-typed argument or return value points to (`argN_btf_id`,
/// `ret_btf_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BtfTypeRef {
    /// A named `struct` of vmlinux BTF (`"task_struct"`, `"sock_common"`, ...).
    Struct(&'static str),
    /// Decided by the verifier from the other operands (`BPF_PTR_POISON` in the proto:
    /// `bpf_spin_lock`'s lock, `bpf_kptr_xchg`'s kptr field).
    FromOperands,
}

/// One argument of a helper prototype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Arg {
    /// The argument's type.
    pub ty: ArgType,
    /// For `PTR_TO_BTF_ID`-like arguments: the type pointed to.
    pub btf_type: Option<BtfTypeRef>,
    /// For `MEM_FIXED_SIZE` memory: its size in bytes (`argN_size`).
    pub fixed_size: Option<u32>,
}

impl Arg {
    /// An argument of type `ty` with no BTF type and no fixed size.
    pub const fn new(ty: ArgType) -> Arg {
        Arg {
            ty,
            btf_type: None,
            fixed_size: None,
        }
    }

    /// This argument pointing to the named kernel struct.
    pub const fn btf(self, struct_name: &'static str) -> Arg {
        Arg {
            ty: self.ty,
            btf_type: Some(BtfTypeRef::Struct(struct_name)),
            fixed_size: self.fixed_size,
        }
    }

    /// This argument's BTF type decided by the verifier.
    pub const fn btf_from_operands(self) -> Arg {
        Arg {
            ty: self.ty,
            btf_type: Some(BtfTypeRef::FromOperands),
            fixed_size: self.fixed_size,
        }
    }

    /// This argument with a fixed memory size.
    pub const fn size(self, bytes: u32) -> Arg {
        Arg {
            ty: self.ty,
            btf_type: self.btf_type,
            fixed_size: Some(bytes),
        }
    }
}

/// A helper prototype as the verifier sees it, the mirror of `struct bpf_func_proto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HelperProto {
    /// The kernel's name of the `struct bpf_func_proto` this mirrors
    /// (`"bpf_map_lookup_elem_proto"`), to find it in the kernel's sources.
    pub kernel_name: &'static str,
    /// The return type.
    pub ret: RetType,
    /// For BTF-typed returns: the type pointed to (`ret_btf_id`).
    pub ret_btf_type: Option<BtfTypeRef>,
    /// The arguments in order, `r1` first; unused trailing arguments (`ARG_DONTCARE`) are left
    /// out, so the length is the number of registers the helper reads.
    pub args: &'static [Arg],
    /// Callable only from programs whose license is GPL-compatible (`gpl_only`).
    pub gpl_only: bool,
    /// The helper may be given packet pointers, for memory arguments (`pkt_access`).
    pub pkt_access: bool,
    /// The helper may sleep, so only sleepable programs may call it (`might_sleep`).
    pub might_sleep: bool,
    /// The helper keeps the `bpf_fastcall` contract: it clobbers only `r0` and the argument
    /// registers it uses (`allow_fastcall`).
    pub allow_fastcall: bool,
}

impl HelperProto {
    /// A prototype with no flags and no return BTF type.
    pub const fn new(kernel_name: &'static str, ret: RetType, args: &'static [Arg]) -> HelperProto {
        HelperProto {
            kernel_name,
            ret,
            ret_btf_type: None,
            args,
            gpl_only: false,
            pkt_access: false,
            might_sleep: false,
            allow_fastcall: false,
        }
    }

    /// This prototype with `gpl_only` set.
    pub const fn gpl_only(mut self) -> HelperProto {
        self.gpl_only = true;
        self
    }

    /// This prototype with `pkt_access` set.
    pub const fn pkt_access(mut self) -> HelperProto {
        self.pkt_access = true;
        self
    }

    /// This prototype with `might_sleep` set.
    pub const fn might_sleep(mut self) -> HelperProto {
        self.might_sleep = true;
        self
    }

    /// This prototype with `allow_fastcall` set.
    pub const fn allow_fastcall(mut self) -> HelperProto {
        self.allow_fastcall = true;
        self
    }

    /// This prototype returning a pointer to the named kernel struct.
    pub const fn ret_btf(mut self, struct_name: &'static str) -> HelperProto {
        self.ret_btf_type = Some(BtfTypeRef::Struct(struct_name));
        self
    }

    /// This prototype returning a pointer whose BTF type the verifier decides.
    pub const fn ret_btf_from_operands(mut self) -> HelperProto {
        self.ret_btf_type = Some(BtfTypeRef::FromOperands);
        self
    }

    /// The type of argument `index` (0 for `r1`), `ARG_DONTCARE` past the last one.
    pub fn arg_type(&self, index: usize) -> ArgType {
        self.args.get(index).map_or(ArgType::DONTCARE, |arg| arg.ty)
    }

    /// Whether two prototypes make the verifier check a call the same way (everything but
    /// [`HelperProto::kernel_name`] is equal).
    pub fn same_signature(&self, other: &HelperProto) -> bool {
        HelperProto {
            kernel_name: "",
            ..*self
        } == HelperProto {
            kernel_name: "",
            ..*other
        }
    }
}

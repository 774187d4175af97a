//! Kernel facts shared by every Sluice stage.
//!
//! This crate holds numbers, names and layouts that Linux defines and that more than one stage
//! needs: the interpreter, the verifier, the JIT and the object loader must agree on how deep
//! calls may nest, what a helper takes, or where `data_end` sits in an `xdp_md`, so those facts
//! live here, once, with the kernel's names and values. The reference is Linux 6.18, the kernel
//! the project runs on; each module says which kernel files its facts come from, and the tests
//! compare them with the running kernel's BTF and headers where those are present.
//!
//! - [`limits`]: numeric limits (`MAX_BPF_STACK`, `MAX_CALL_FRAMES`, `BPF_MAX_LOOPS`, ...).
//! - [`prog_type`]: [`ProgType`] and [`AttachType`], with bpftool's names.
//! - [`map_type`]: [`MapType`], map creation and update flags, ring buffer, perf and stack
//!   flags, and the legacy `maps` section layouts.
//! - [`helper_ids`], [`helpers`]: [`HelperId`] for every helper (ids 1 to 211) and the table of
//!   [`Helper`]s with their prototypes; [`helper_proto`] holds the prototype vocabulary
//!   ([`HelperProto`], [`ArgType`], [`RetType`], [`TypeFlags`]).
//! - [`helper_access`]: which program type may call which helper ([`helper_access::allowed`]).
//! - [`context`]: the context structures (`xdp_md`, `__sk_buff`, `pt_regs`, ...), their fields
//!   and which loads and stores each program type may make ([`context::check_access`]).
//! - [`errno`]: the error numbers helpers and map operations return.
//! - [`syscalls`]: the x86-64 system calls (numbers, tracepoint names, arguments) and the
//!   layouts of tracepoint records (syscalls, raw syscalls, process events).
//! - [`verdict`]: packet programs' return values as verdicts (`XDP_DROP`, `TC_ACT_OK`, ...).

#![forbid(unsafe_code)]

pub mod context;
pub mod errno;
pub mod helper_access;
mod helper_access_table;
pub mod helper_ids;
pub mod helper_proto;
mod helper_table;
pub mod helpers;
mod kernel_enum;
pub mod limits;
pub mod map_type;
pub mod prog_type;
mod syscall_table;
pub mod syscalls;
pub mod verdict;

pub use errno::Errno;
pub use helper_proto::{
    Arg, ArgKind, ArgType, BtfTypeRef, HelperProto, RetKind, RetType, TypeFlags,
};
pub use helpers::{Helper, HelperId, ProtoVariant};
pub use kernel_enum::UnknownName;
pub use map_type::MapType;
pub use prog_type::{AttachType, ProgType};

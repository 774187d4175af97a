//! BTF, the BPF Type Format: the `.BTF` and `.BTF.ext` sections of objects compiled with
//! `clang -g -target bpf`, and the kernel's own BTF (`/sys/kernel/btf/vmlinux`).
//!
//! - [`Btf`] ([`parse`]): a parsed `.BTF` blob, every kind decoded into [`BtfType`]s
//!   ([`types`]), with queries ([`query`]: names, lookup by name, [`Btf::resolve_type`],
//!   [`Btf::size_of`], [`Btf::member_by_name`]), C-like type names ([`Btf::display`]), typed
//!   printing of values ([`Btf::format_value`]), values decoded into a tree ([`Btf::decode_value`],
//!   [`Decoded`], for other renderings) and bpftool's raw dump ([`Btf::dump`]).
//! - [`BtfExt`] ([`ext`]): function, line and CO-RE relocation records per ELF section, and
//!   [`BtfExt::line_at`] from an instruction to its source line.
//! - [`core`]: CO-RE relocation resolution against a target BTF with libbpf's rules
//!   ([`CoreResolver`]), and [`patch`] to apply a result to an instruction.
//! - [`BtfError`]: every error, with the section, byte offset and type id it is about.
//!
//! Only little-endian BTF is read (what BPF objects for x86-64 and arm64 and their kernels
//! use); split BTF (kernel modules) is not supported.
//!
//! **Invariant:** parsing never panics and always terminates, whatever the bytes: every read is
//! bounds-checked, every record consumes at least 12 bytes, and element counts are checked
//! against the bytes left before anything is allocated. A parsed [`Btf`] has only in-range type
//! ids and string offsets; queries that follow chains of types are bounded (cyclic BTF gives
//! [`BtfError::ResolveTooDeep`]).

pub mod core;
mod decode;
mod display;
mod dump;
mod error;
pub mod ext;
pub mod parse;
pub mod query;
mod reader;
mod strings;
pub mod types;
mod value;

pub use self::core::{
    CoreReloKind, CoreResolution, CoreResolver, CoreTarget, MemSizeChange, patch,
};
pub use decode::{Decoded, MAX_DECODED_VALUES};
pub use error::{BtfError, CoreProblem, KindOrVoid, Location, Section};
pub use ext::{BtfExt, CoreRelo, FuncInfo, InfoSection, LineInfo, SourceLine};
pub use parse::{BTF_MAGIC, Btf, VMLINUX_BTF_PATH};
pub use query::{FoundMember, MAX_RESOLVE_DEPTH};
pub use strings::StringTable;
pub use types::{
    ArrayType, BtfType, Composite, Datasec, EnumType, EnumValue, FuncProto, IntEncoding, IntType,
    Kind, Linkage, Member, Param, TypeBody, TypeId, VarSecinfo,
};
pub use value::{MAX_ARRAY_ELEMENTS, MAX_VALUE_STEPS};

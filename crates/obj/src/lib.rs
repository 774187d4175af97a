//! The object loader: ELF files compiled for Linux (`clang -target bpf`) into Sluice's
//! [`Object`]: programs linked with their subprograms, map definitions, global data, license
//! and version, with BTF and BTF.ext parsed.
//!
//! - [`Object::parse`]: the entry point.
//! - [`ProgramDef`]: one program, its instructions linked (see [`link`] for their form).
//! - [`MapDef`]: one map definition (BTF-defined, legacy, global data).
//! - [`ObjError`]: every error names the section and byte offset.

#![forbid(unsafe_code)]

pub mod btf;
mod btf_fixup;
mod elf;
mod error;
mod global_data;
mod kconfig;
pub mod link;
mod map_def;
mod maps_btf;
mod maps_legacy;
mod object;
pub mod section_name;

pub use error::{ObjError, ObjErrorKind};
pub use link::{InsnOrigin, LinkedFunction};
pub use map_def::{MapDef, MapInit, MapOrigin};
pub use object::{GlobalVar, Object, ParseOptions, ProgramDef, SectionInfo};

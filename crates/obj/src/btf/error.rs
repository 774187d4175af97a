//! The one error type of the BTF layer, [`BtfError`].
//!
//! Every variant says where the problem is: errors found while reading bytes carry a
//! [`Location`] (section, byte offset from the start of that section, and the type id being read
//! when there is one); errors of queries carry the type id they were asked about; CO-RE errors
//! carry the relocation.

use std::fmt;

use thiserror::Error;

use super::core::CoreReloKind;
use super::types::{Kind, TypeId};

/// Which of the two BTF sections a [`Location`] is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// `.BTF`: header, types and strings.
    Btf,
    /// `.BTF.ext`: function, line and CO-RE relocation records.
    BtfExt,
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Section::Btf => ".BTF",
            Section::BtfExt => ".BTF.ext",
        })
    }
}

/// Where in the raw bytes a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// The section.
    pub section: Section,
    /// Byte offset from the start of the section's data (the header included).
    pub offset: usize,
    /// The type whose record was being read, if any.
    pub type_id: Option<TypeId>,
}

impl Location {
    pub(crate) fn new(section: Section, offset: usize) -> Location {
        Location {
            section,
            offset,
            type_id: None,
        }
    }

    pub(crate) fn of_type(offset: usize, type_id: TypeId) -> Location {
        Location {
            section: Section::Btf,
            offset,
            type_id: Some(type_id),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} offset {:#x}", self.section, self.offset)?;
        if let Some(type_id) = self.type_id {
            write!(f, " (type [{type_id}])")?;
        }
        Ok(())
    }
}

/// Why BTF could not be read, queried or used for a CO-RE relocation.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum BtfError {
    /// The data ends before a structure it must contain.
    #[error("{at}: truncated {what}: needs {needed} bytes, {available} left")]
    Truncated {
        /// Where the structure starts.
        at: Location,
        /// What was being read.
        what: &'static str,
        /// Bytes the structure needs.
        needed: usize,
        /// Bytes left from `at` to the end of the region it must fit in.
        available: usize,
    },
    /// The magic number is not 0xeB9F (or is byte-swapped: big-endian BTF is not supported).
    #[error("{at}: bad magic {found:#06x} (expected 0xeb9f, little-endian)")]
    BadMagic {
        /// Offset 0 of the section.
        at: Location,
        /// The value found.
        found: u16,
    },
    /// The version is not 1.
    #[error("{at}: unsupported version {found} (expected 1)")]
    BadVersion {
        /// Where the version byte is.
        at: Location,
        /// The value found.
        found: u8,
    },
    /// The header is inconsistent: lengths, alignments or section bounds.
    #[error("{at}: bad header: {what}")]
    BadHeader {
        /// Where the offending header field is.
        at: Location,
        /// What is wrong.
        what: String,
    },
    /// The string section is malformed (empty, or its first or last byte is not NUL).
    #[error("{at}: bad string section: {what}")]
    BadStringSection {
        /// Where the string section starts or ends.
        at: Location,
        /// What is wrong.
        what: &'static str,
    },
    /// A type record has a kind this parser does not know, and no layout section says its size.
    #[error("{at}: unknown kind {kind}")]
    UnknownKind {
        /// The type record.
        at: Location,
        /// The kind number.
        kind: u8,
    },
    /// A type record is well-formed in size but breaks a rule of its kind.
    #[error("{at}: invalid {kind}: {what}")]
    InvalidType {
        /// The type record (or the member, parameter, ... inside it).
        at: Location,
        /// The record's kind.
        kind: Kind,
        /// What is wrong.
        what: String,
    },
    /// A string offset points outside the string section.
    #[error(
        "{at}: string offset {string_off:#x} is outside the string section ({strings_len:#x} bytes)"
    )]
    StringOutOfRange {
        /// Where the offset is stored.
        at: Location,
        /// The offset.
        string_off: u32,
        /// Length of the string section.
        strings_len: usize,
    },
    /// A name is not valid UTF-8.
    #[error("{at}: string at offset {string_off:#x} is not valid UTF-8")]
    BadString {
        /// Where the offset is stored.
        at: Location,
        /// The offset.
        string_off: u32,
    },
    /// A type record refers to a type id past the last one.
    #[error("{at}: refers to type id {referenced}, but the last type id is {last}")]
    TypeIdOutOfRange {
        /// Where the reference is stored.
        at: Location,
        /// The type id referred to.
        referenced: u32,
        /// The last valid type id.
        last: u32,
    },
    /// More types than BTF allows (`BTF_MAX_TYPE`).
    #[error("{at}: more than {max} types")]
    TooManyTypes {
        /// The first type record past the limit.
        at: Location,
        /// The limit.
        max: u32,
    },
    /// A query named a type id that does not exist.
    #[error("type id {type_id} does not exist (the last is {last})")]
    NoSuchType {
        /// The type id asked about.
        type_id: TypeId,
        /// The last valid type id.
        last: TypeId,
    },
    /// Following typedefs, modifiers or array elements from a type took more steps than any
    /// valid BTF needs: the chain is a cycle or deeper than the kernel accepts.
    #[error(
        "type [{type_id}]: chain of typedefs, modifiers or arrays deeper than {limit} (a cycle?)"
    )]
    ResolveTooDeep {
        /// The type the chain starts from.
        type_id: TypeId,
        /// The depth limit.
        limit: usize,
    },
    /// `size_of` was asked about a type that has no size (void, functions, forward declarations).
    #[error("type [{type_id}] ({kind}) has no size")]
    NoSize {
        /// The type asked about, or the one reached from it that has no size.
        type_id: TypeId,
        /// Its kind, `None` for void.
        kind: KindOrVoid,
    },
    /// The size of an array type does not fit in 32 bits.
    #[error("type [{type_id}]: size overflows 32 bits")]
    SizeOverflow {
        /// The array type.
        type_id: TypeId,
    },
    /// A value given to the formatter is shorter than its type.
    #[error("type [{type_id}]: value needs {needed} bytes, {available} given")]
    ValueTooShort {
        /// The type of the value.
        type_id: TypeId,
        /// Bytes the type needs.
        needed: usize,
        /// Bytes given.
        available: usize,
    },
    /// A `.BTF.ext` record is malformed.
    #[error("{at}: bad {what} record: {problem}")]
    BadExtRecord {
        /// Where the record or its sub-section header is.
        at: Location,
        /// Which kind of information (`func_info`, `line_info`, `core_relo`).
        what: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// A CO-RE relocation cannot be resolved.
    #[error("CO-RE relocation {kind} of type [{type_id}] access \"{access}\": {problem}")]
    Core {
        /// The relocation kind.
        kind: CoreReloKind,
        /// The local root type.
        type_id: TypeId,
        /// The accessor string.
        access: String,
        /// What is wrong.
        problem: CoreProblem,
    },
    /// A CO-RE resolution cannot be applied to the instruction it is attached to.
    #[error("CO-RE relocation {kind} at instruction {insn_idx}: {problem}")]
    Patch {
        /// The relocation kind.
        kind: CoreReloKind,
        /// Index of the instruction slot.
        insn_idx: usize,
        /// What is wrong.
        problem: String,
    },
    /// A file could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's message.
        message: String,
    },
}

/// A type's kind, or void (type id 0, which has no record).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KindOrVoid {
    /// Type id 0.
    Void,
    /// A real type.
    Kind(Kind),
}

impl fmt::Display for KindOrVoid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KindOrVoid::Void => f.write_str("void"),
            KindOrVoid::Kind(kind) => kind.fmt(f),
        }
    }
}

/// Why a CO-RE relocation cannot be resolved (libbpf refuses the object in these cases; a
/// relocation that merely finds no target is not an error but [`CoreTarget::Missing`]).
///
/// [`CoreTarget::Missing`]: super::core::CoreTarget::Missing
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CoreProblem {
    /// The accessor string is not `N(:N)*`, or is not `0` for a type-based relocation.
    #[error("malformed accessor string")]
    BadAccessString,
    /// The accessor string has more than 64 components.
    #[error("accessor string longer than {max} components")]
    SpecTooLong {
        /// The limit (`BPF_CORE_SPEC_MAX_LEN`).
        max: usize,
    },
    /// An accessor index is out of range for the type it indexes, or indexes a type that is
    /// neither a struct, a union nor an array.
    #[error("accessor #{position} ({index}) does not fit type [{type_id}]: {what}")]
    BadAccessor {
        /// Position in the accessor string.
        position: usize,
        /// The index there.
        index: u32,
        /// The type it indexes.
        type_id: TypeId,
        /// What is wrong.
        what: &'static str,
    },
    /// The relocation's root type is anonymous; libbpf does not search candidates for those.
    #[error("relocations against anonymous types are not supported")]
    AnonymousType,
    /// A field relocation other than an offset or size names an array element.
    #[error("relocation kind cannot apply to an array element access")]
    ArrayElement,
    /// A bitfield cannot be read with one load of at most 8 bytes.
    #[error("bitfield cannot be read with a 64-bit load")]
    BitfieldTooWide,
    /// Several target candidates match but give different offsets or values.
    #[error("candidates [{first}] and [{second}] disagree: {what}")]
    Ambiguous {
        /// The first matching candidate.
        first: TypeId,
        /// A later candidate that disagrees.
        second: TypeId,
        /// What they disagree about.
        what: String,
    },
    /// A type query failed while resolving (cycle, missing size, ...).
    #[error("{0}")]
    Type(Box<BtfError>),
}

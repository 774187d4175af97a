//! Errors of loading an object; each names the section and, where there is one, the byte offset.

use thiserror::Error;

/// Why an object could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}{kind}", Where(section, offset))]
pub struct ObjError {
    /// The section the problem is in, if it is about one.
    pub section: Option<String>,
    /// The byte offset in that section (or in the file when there is no section).
    pub offset: Option<u64>,
    /// What is wrong.
    pub kind: ObjErrorKind,
}

struct Where<'a>(&'a Option<String>, &'a Option<u64>);

impl std::fmt::Display for Where<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.0, self.1) {
            (Some(section), Some(offset)) => write!(f, "section {section}, offset {offset:#x}: "),
            (Some(section), None) => write!(f, "section {section}: "),
            (None, Some(offset)) => write!(f, "offset {offset:#x}: "),
            (None, None) => Ok(()),
        }
    }
}

impl ObjError {
    /// An error about the whole file.
    pub fn file(kind: ObjErrorKind) -> ObjError {
        ObjError {
            section: None,
            offset: None,
            kind,
        }
    }

    /// An error about a section.
    pub fn section(section: &str, kind: ObjErrorKind) -> ObjError {
        ObjError {
            section: Some(section.to_string()),
            offset: None,
            kind,
        }
    }

    /// An error at a byte offset of a section.
    pub fn at(section: &str, offset: u64, kind: ObjErrorKind) -> ObjError {
        ObjError {
            section: Some(section.to_string()),
            offset: Some(offset),
            kind,
        }
    }
}

/// What is wrong with an object.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ObjErrorKind {
    #[error("not an ELF file: {0}")]
    NotElf(String),
    #[error(
        "ELF machine is {0}, not BPF (a program compiled with `clang -target bpf` is expected)"
    )]
    NotBpf(String),
    #[error("big-endian objects are not supported (compile with -target bpfel or bpf on x86)")]
    BigEndian,
    #[error("malformed ELF: {0}")]
    Malformed(String),
    #[error("code size {size} is not a multiple of 8")]
    TruncatedCode { size: u64 },
    #[error("{0}")]
    Decode(String),
    #[error("relocation of type {r_type} is not supported here")]
    UnsupportedRelocation { r_type: u32 },
    #[error("relocation at an instruction that cannot take it ({insn})")]
    BadRelocationTarget { insn: String },
    #[error("relocation against symbol `{symbol}`: {reason}")]
    BadRelocationSymbol { symbol: String, reason: String },
    #[error(
        "call target at instruction {target} of section {target_section} is not the start of a function"
    )]
    BadCallTarget { target_section: String, target: i64 },
    #[error("legacy map definitions: {0}")]
    LegacyMaps(String),
    #[error("map `{map}`: {reason}")]
    BadMap { map: String, reason: String },
    #[error("BTF: {0}")]
    Btf(String),
    #[error("no program named `{0}`")]
    NoSuchProgram(String),
    #[error("unknown section `{name}` of {size} bytes with code flags")]
    UnknownSection { name: String, size: u64 },
    #[error("{0}")]
    Other(String),
}

//! `.BTF.ext`: per-section function records (`func_info`), source line records (`line_info`) and
//! CO-RE relocation records (`core_relo`), and the lookup from an instruction to its source
//! line.
//!
//! The format (libbpf's `btf_ext_header` and `btf_ext_info_sec`): a header (magic 0xeB9F,
//! version 1, flags 0, `hdr_len`, then offset and length of each kind of information relative
//! to the end of the header; the CO-RE fields exist when `hdr_len >= 32`). Each kind of
//! information is a record size (`u32`) followed by sub-sections: the ELF section name's offset
//! in the `.BTF` string section, a record count, and that many records of the record size (a
//! record may be longer than the fields known here; the rest is skipped).
//!
//! Invariants of a parsed [`BtfExt`]: every section name, file name, source line and accessor
//! string offset lies in the `.BTF` string section given to [`BtfExt::parse`]; every type id is
//! a valid id of that BTF (a FUNC for `func_info`); every `insn_off` is a multiple of 8 (it is a
//! byte offset from the start of the ELF section).

use std::borrow::Cow;

use super::core::CoreReloKind;
use super::error::{BtfError, Location, Section};
use super::parse::{BTF_MAGIC, BTF_VERSION, Btf};
use super::reader::Reader;
use super::types::{Kind, TypeId};

/// Size of the header with `func_info` and `line_info` only.
const HEADER_LEN_MIN: usize = 24;
/// Size of the header with the CO-RE relocation fields.
const HEADER_LEN_CORE: usize = 32;

/// A parsed `.BTF.ext` section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BtfExt {
    /// Function records, per ELF section.
    pub func_info: Vec<InfoSection<FuncInfo>>,
    /// Line records, per ELF section.
    pub line_info: Vec<InfoSection<LineInfo>>,
    /// CO-RE relocation records, per ELF section.
    pub core_relos: Vec<InfoSection<CoreRelo>>,
}

/// The records of one kind for one ELF section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InfoSection<T> {
    /// The ELF section's name (`xdp`, `.text`, ...).
    pub name: String,
    /// Its offset in the `.BTF` string section.
    pub name_off: u32,
    /// The records, in file order.
    pub records: Vec<T>,
}

/// One function: where it starts and its FUNC type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FuncInfo {
    /// Byte offset of the function's first instruction in its ELF section.
    pub insn_off: u32,
    /// The FUNC type.
    pub type_id: TypeId,
}

/// One source line record: from `insn_off` on, instructions come from this line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineInfo {
    /// Byte offset of the instruction in its ELF section.
    pub insn_off: u32,
    /// Offset of the source file's name in the `.BTF` string section.
    pub file_name_off: u32,
    /// Offset of the source line's text in the `.BTF` string section.
    pub line_off: u32,
    /// Line number (the upper 22 bits of `line_col`).
    pub line: u32,
    /// Column number (the lower 10 bits of `line_col`).
    pub column: u32,
}

/// One CO-RE relocation record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoreRelo {
    /// Byte offset of the instruction to patch in its ELF section.
    pub insn_off: u32,
    /// The local (object) root type.
    pub type_id: TypeId,
    /// Offset of the accessor string (`0:1:2`) in the `.BTF` string section.
    pub access_str_off: u32,
    /// What to compute.
    pub kind: CoreReloKind,
    /// Where the record is in `.BTF.ext`, for messages.
    pub ext_offset: usize,
}

/// The source line an instruction comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLine<'a> {
    /// The source file as the compiler saw it.
    pub file: Cow<'a, str>,
    /// Line number, from 1.
    pub line: u32,
    /// Column number, from 1 (0 when unknown).
    pub column: u32,
    /// The text of the line.
    pub text: Cow<'a, str>,
}

/// The minimum record sizes.
const FUNC_INFO_LEN: u32 = 8;
const LINE_INFO_LEN: u32 = 16;
const CORE_RELO_LEN: u32 = 16;

impl BtfExt {
    /// Parses a `.BTF.ext` section whose strings and types are those of `btf`.
    pub fn parse(data: &[u8], btf: &Btf) -> Result<BtfExt, BtfError> {
        let mut header = Reader::new(data, Section::BtfExt, 0, data.len());
        header.need(8, "header", None)?;
        let magic = header.u16("magic")?;
        if magic != BTF_MAGIC {
            return Err(BtfError::BadMagic {
                at: Location::new(Section::BtfExt, 0),
                found: magic,
            });
        }
        let version = header.u8("version")?;
        if version != BTF_VERSION {
            return Err(BtfError::BadVersion {
                at: Location::new(Section::BtfExt, 2),
                found: version,
            });
        }
        let flags = header.u8("flags")?;
        if flags != 0 {
            return Err(bad_header(3, format!("flags are {flags:#x}, not 0")));
        }
        let hdr_len = header.u32("hdr_len")? as usize;
        if hdr_len < HEADER_LEN_MIN {
            return Err(bad_header(
                4,
                format!("hdr_len {hdr_len} is shorter than the {HEADER_LEN_MIN}-byte header"),
            ));
        }
        let mut header = Reader::new(data, Section::BtfExt, 0, data.len());
        header.need(hdr_len, "header", None)?;
        header.skip(8, "header")?;
        let func_off = header.u32("func_info_off")?;
        let func_len = header.u32("func_info_len")?;
        let line_off = header.u32("line_info_off")?;
        let line_len = header.u32("line_info_len")?;
        let (core_off, core_len) = if hdr_len >= HEADER_LEN_CORE {
            (header.u32("core_relo_off")?, header.u32("core_relo_len")?)
        } else {
            (0, 0)
        };

        let parser = ExtParser { data, btf, hdr_len };
        let func_info = parser.info(
            (func_off, func_len, 8),
            "func_info",
            FUNC_INFO_LEN,
            |reader, at| {
                let insn_off = read_insn_off(reader, at, "func_info")?;
                let type_id = reader.u32("func_info type_id")?;
                if btf.type_by_id(type_id).map(|t| t.kind()) != Some(Kind::Func) {
                    return Err(bad_record(
                        at,
                        "func_info",
                        format!("type [{type_id}] is not a FUNC of the BTF"),
                    ));
                }
                Ok(FuncInfo { insn_off, type_id })
            },
        )?;
        let line_info = parser.info(
            (line_off, line_len, 16),
            "line_info",
            LINE_INFO_LEN,
            |reader, at| {
                let insn_off = read_insn_off(reader, at, "line_info")?;
                let file_name_off = reader.u32("line_info file_name_off")?;
                let line_off = reader.u32("line_info line_off")?;
                let line_col = reader.u32("line_info line_col")?;
                for offset in [file_name_off, line_off] {
                    check_string(btf, offset, at)?;
                }
                Ok(LineInfo {
                    insn_off,
                    file_name_off,
                    line_off,
                    line: line_col >> 10,
                    column: line_col & 0x3ff,
                })
            },
        )?;
        let core_relos = parser.info(
            (core_off, core_len, 24),
            "core_relo",
            CORE_RELO_LEN,
            |reader, at| {
                let insn_off = read_insn_off(reader, at, "core_relo")?;
                let type_id = reader.u32("core_relo type_id")?;
                let access_str_off = reader.u32("core_relo access_str_off")?;
                let raw_kind = reader.u32("core_relo kind")?;
                if type_id > btf.last_type_id() {
                    return Err(BtfError::TypeIdOutOfRange {
                        at,
                        referenced: type_id,
                        last: btf.last_type_id(),
                    });
                }
                check_string(btf, access_str_off, at)?;
                let kind = CoreReloKind::from_raw(raw_kind).ok_or_else(|| {
                    bad_record(at, "core_relo", format!("unknown kind {raw_kind}"))
                })?;
                Ok(CoreRelo {
                    insn_off,
                    type_id,
                    access_str_off,
                    kind,
                    ext_offset: at.offset,
                })
            },
        )?;
        Ok(BtfExt {
            func_info,
            line_info,
            core_relos,
        })
    }

    /// The function records of the ELF section `section` (empty if it has none).
    pub fn func_info_for(&self, section: &str) -> &[FuncInfo] {
        records_for(&self.func_info, section)
    }

    /// The line records of the ELF section `section` (empty if it has none).
    pub fn line_info_for(&self, section: &str) -> &[LineInfo] {
        records_for(&self.line_info, section)
    }

    /// The CO-RE relocation records of the ELF section `section` (empty if it has none).
    pub fn core_relos_for(&self, section: &str) -> &[CoreRelo] {
        records_for(&self.core_relos, section)
    }

    /// The source line instruction `insn_idx` (counted in 8-byte slots from the start of the
    /// ELF section `section`) comes from: the line record with the largest offset not past the
    /// instruction. `btf` must be the BTF this section was parsed with.
    pub fn line_at<'a>(
        &'a self,
        btf: &'a Btf,
        section: &str,
        insn_idx: usize,
    ) -> Option<SourceLine<'a>> {
        let byte_off = insn_idx.checked_mul(8)?;
        let record = self
            .line_info_for(section)
            .iter()
            .filter(|record| record.insn_off as usize <= byte_off)
            .max_by_key(|record| record.insn_off)?;
        Some(SourceLine {
            file: btf.strings().get_lossy(record.file_name_off)?,
            line: record.line,
            column: record.column,
            text: btf.strings().get_lossy(record.line_off)?,
        })
    }
}

/// The records of `section`, or none.
fn records_for<'a, T>(sections: &'a [InfoSection<T>], section: &str) -> &'a [T] {
    sections
        .iter()
        .find(|info| info.name == section)
        .map_or(&[], |info| info.records.as_slice())
}

/// The shared state of one `.BTF.ext` parse.
struct ExtParser<'a> {
    data: &'a [u8],
    btf: &'a Btf,
    hdr_len: usize,
}

impl ExtParser<'_> {
    /// Parses one kind of information: `off` and `len` from the header (whose own offset is
    /// `field`), records of at least `min_len` bytes read by `read_record`, which is called
    /// with a reader positioned at the record and the record's location.
    fn info<T>(
        &self,
        (off, len, field): (u32, u32, usize),
        what: &'static str,
        min_len: u32,
        read_record: impl Fn(&mut Reader<'_>, Location) -> Result<T, BtfError>,
    ) -> Result<Vec<InfoSection<T>>, BtfError> {
        if len == 0 {
            return Ok(Vec::new());
        }
        if !off.is_multiple_of(4) {
            return Err(bad_header(
                field,
                format!("{what} offset {off:#x} is not 4-byte aligned"),
            ));
        }
        let start = self.hdr_len as u64 + u64::from(off);
        let end = start + u64::from(len);
        if end > self.data.len() as u64 {
            return Err(bad_header(
                field,
                format!(
                    "{what} [{start:#x}, {end:#x}) ends past the data ({:#x} bytes)",
                    self.data.len()
                ),
            ));
        }
        // Both bounds fit in the data's length.
        let mut reader = Reader::new(self.data, Section::BtfExt, start as usize, end as usize);
        let record_len_at = reader.here();
        let record_len = reader.u32("record size")?;
        if record_len < min_len || !record_len.is_multiple_of(4) {
            return Err(bad_record(
                record_len_at,
                what,
                format!(
                    "record size {record_len} is not a multiple of 4 of at least {min_len} bytes"
                ),
            ));
        }
        if reader.is_empty() {
            return Err(bad_record(
                reader.here(),
                what,
                "no sub-section after the record size".to_string(),
            ));
        }
        let mut sections = Vec::new();
        while !reader.is_empty() {
            let at = reader.here();
            reader.need(8, "sub-section header", None)?;
            let name_off = reader.u32("sec_name_off")?;
            let count = reader.u32("num_info")?;
            let name = check_string(self.btf, name_off, at)?;
            if count == 0 {
                return Err(bad_record(
                    at,
                    what,
                    format!("sub-section `{name}` has no records"),
                ));
            }
            let total = (count as usize).saturating_mul(record_len as usize);
            reader.need(total, what, None)?;
            let mut records = Vec::with_capacity(count as usize);
            for _ in 0..count {
                let record_at = reader.here();
                let mut record_reader = reader.clone();
                records.push(read_record(&mut record_reader, record_at)?);
                reader.skip(record_len as usize, what)?;
            }
            sections.push(InfoSection {
                name: name.into_owned(),
                name_off,
                records,
            });
        }
        Ok(sections)
    }
}

/// Reads an `insn_off` field and checks it is a multiple of 8.
fn read_insn_off(
    reader: &mut Reader<'_>,
    at: Location,
    what: &'static str,
) -> Result<u32, BtfError> {
    let insn_off = reader.u32("insn_off")?;
    if !insn_off.is_multiple_of(8) {
        return Err(bad_record(
            at,
            what,
            format!("insn_off {insn_off:#x} is not a multiple of 8"),
        ));
    }
    Ok(insn_off)
}

/// The string at `offset` of `btf`'s string section, or an error located at `at`.
fn check_string(btf: &Btf, offset: u32, at: Location) -> Result<Cow<'_, str>, BtfError> {
    btf.strings()
        .get_lossy(offset)
        .ok_or(BtfError::StringOutOfRange {
            at,
            string_off: offset,
            strings_len: btf.strings().len(),
        })
}

/// A header error at `offset`.
fn bad_header(offset: usize, what: String) -> BtfError {
    BtfError::BadHeader {
        at: Location::new(Section::BtfExt, offset),
        what,
    }
}

/// A record error.
fn bad_record(at: Location, what: &'static str, problem: String) -> BtfError {
    BtfError::BadExtRecord { at, what, problem }
}

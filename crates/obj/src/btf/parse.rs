//! [`Btf`]: a parsed `.BTF` blob (an object's section or `/sys/kernel/btf/vmlinux`), and the
//! parser that builds it.
//!
//! The format (the kernel's `include/uapi/linux/btf.h`, `Documentation/bpf/btf.rst`): a header
//! (magic 0xeB9F, version 1, flags 0, `hdr_len`, then offsets and lengths of the type and string
//! sections relative to the end of the header, and of the optional layout section), the type
//! section (records of 12 bytes followed by kind-specific data), and the string section
//! (NUL-terminated strings; offset 0 is the empty string).
//!
//! Invariants of a [`Btf`] (the parser checks them, queries rely on them without panicking if
//! they did not hold):
//! - every type id stored in a type (member, parameter, array element, pointee, ...) is at most
//!   [`Btf::last_type_id`];
//! - every name offset stored in a type lies in the string section and names valid UTF-8;
//! - a FUNC's type is a FUNC_PROTO.
//!
//! Cycles are not checked here (the kernel refuses them, but they cost a graph walk); the
//! queries that follow chains bound their walks and report [`BtfError::ResolveTooDeep`].

use super::error::{BtfError, Location, Section};
use super::reader::Reader;
use super::strings::StringTable;
use super::types::{
    ArrayType, BtfType, Composite, Datasec, EnumType, EnumValue, FuncProto, IntEncoding, IntType,
    Kind, Linkage, Member, Param, TypeBody, TypeId, VarSecinfo,
};

/// The BTF magic number.
pub const BTF_MAGIC: u16 = 0xeb9f;
/// The only BTF version.
pub const BTF_VERSION: u8 = 1;
/// The largest type id BTF allows (`BTF_MAX_TYPE`).
pub const BTF_MAX_TYPE: u32 = 0x000f_ffff;
/// The largest string offset BTF allows (`BTF_MAX_NAME_OFFSET`).
pub const BTF_MAX_NAME_OFFSET: u32 = 0x00ff_ffff;
/// Where Linux exposes its own BTF.
pub const VMLINUX_BTF_PATH: &str = "/sys/kernel/btf/vmlinux";

/// Size of the header without the layout fields.
const HEADER_LEN_MIN: usize = 24;
/// Size of the header with the layout fields.
const HEADER_LEN_LAYOUT: usize = 32;
/// Size of the fixed part of a type record.
const TYPE_RECORD_LEN: usize = 12;

/// Parsed BTF: the types (id 1 is `types()[0]`) and the string section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Btf {
    types: Vec<BtfType>,
    strings: StringTable,
}

/// The size of a kind's records according to the layout section: bytes after the 12-byte
/// record, and bytes per `vlen` element.
#[derive(Clone, Copy, Debug)]
struct KindLayout {
    info_size: u8,
    elem_size: u8,
}

impl Btf {
    /// Parses a little-endian `.BTF` blob.
    pub fn parse(data: &[u8]) -> Result<Btf, BtfError> {
        Ok(Parser::new(data)?.run()?.0)
    }

    /// [`Btf::parse`], also returning where each type's record starts in `data` (the type with
    /// id `n` at index `n - 1`), for loaders that patch the bytes.
    pub(crate) fn parse_with_offsets(data: &[u8]) -> Result<(Btf, Vec<usize>), BtfError> {
        Parser::new(data)?.run()
    }

    /// Reads and parses a raw BTF file, such as [`VMLINUX_BTF_PATH`].
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Btf, BtfError> {
        let path = path.as_ref();
        let data = std::fs::read(path).map_err(|error| BtfError::Io {
            path: path.display().to_string(),
            message: error.to_string(),
        })?;
        Btf::parse(&data)
    }

    /// Reads and parses the running kernel's BTF ([`VMLINUX_BTF_PATH`]).
    pub fn vmlinux() -> Result<Btf, BtfError> {
        Btf::from_file(VMLINUX_BTF_PATH)
    }

    /// All types; the type with id `n` is at index `n - 1`.
    pub fn types(&self) -> &[BtfType] {
        &self.types
    }

    /// The types with their ids, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &BtfType)> {
        (1..).zip(self.types.iter())
    }

    /// The largest valid type id (the number of types, void not counted).
    pub fn last_type_id(&self) -> TypeId {
        // The parser refuses more than BTF_MAX_TYPE types, so this never saturates.
        u32::try_from(self.types.len()).unwrap_or(u32::MAX)
    }

    /// The type with id `type_id`; `None` for 0 (void) and ids past the last.
    pub fn type_by_id(&self, type_id: TypeId) -> Option<&BtfType> {
        let index = usize::try_from(type_id).ok()?.checked_sub(1)?;
        self.types.get(index)
    }

    /// The type with id `type_id`: `Ok(None)` for void, an error for ids past the last.
    pub(crate) fn get(&self, type_id: TypeId) -> Result<Option<&BtfType>, BtfError> {
        if type_id == 0 {
            return Ok(None);
        }
        self.type_by_id(type_id)
            .map(Some)
            .ok_or(BtfError::NoSuchType {
                type_id,
                last: self.last_type_id(),
            })
    }

    /// The string section.
    pub fn strings(&self) -> &StringTable {
        &self.strings
    }

    /// The string at `offset` in the string section, if the offset is valid and the string is
    /// UTF-8.
    pub fn string(&self, offset: u32) -> Option<&str> {
        self.strings.get(offset)
    }

    /// The name at `offset`, for offsets read from this BTF's own types (which the parser
    /// checked); an empty string for anything else.
    pub(crate) fn name_at(&self, offset: u32) -> &str {
        self.strings.get(offset).unwrap_or("")
    }
}

/// The state of one parse.
struct Parser<'a> {
    data: &'a [u8],
    types_start: usize,
    types_end: usize,
    strings: StringTable,
    layout: Vec<KindLayout>,
}

/// Reads the header field at `offset` (the header's length has been checked).
fn header_u32(data: &[u8], offset: usize) -> Result<u32, BtfError> {
    Reader::new(data, Section::Btf, offset, data.len()).u32("header field")
}

impl<'a> Parser<'a> {
    /// Checks the header and the section bounds, and reads the string and layout sections.
    fn new(data: &'a [u8]) -> Result<Parser<'a>, BtfError> {
        let mut header = Reader::new(data, Section::Btf, 0, data.len());
        header.need(8, "header", None)?;
        let magic = header.u16("magic")?;
        if magic != BTF_MAGIC {
            return Err(BtfError::BadMagic {
                at: Location::new(Section::Btf, 0),
                found: magic,
            });
        }
        let version = header.u8("version")?;
        if version != BTF_VERSION {
            return Err(BtfError::BadVersion {
                at: Location::new(Section::Btf, 2),
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
        let header = Reader::new(data, Section::Btf, 0, data.len());
        header.need(hdr_len, "header", None)?;
        if hdr_len > HEADER_LEN_LAYOUT {
            let extra = data.get(HEADER_LEN_LAYOUT..hdr_len).unwrap_or(&[]);
            if let Some(index) = extra.iter().position(|&b| b != 0) {
                return Err(bad_header(
                    HEADER_LEN_LAYOUT + index,
                    "unknown header field is not zero".to_string(),
                ));
            }
        }
        let type_off = header_u32(data, 8)?;
        let type_len = header_u32(data, 12)?;
        let str_off = header_u32(data, 16)?;
        let str_len = header_u32(data, 20)?;
        let (layout_off, layout_len) = if hdr_len >= HEADER_LEN_LAYOUT {
            (header_u32(data, 24)?, header_u32(data, 28)?)
        } else {
            (0, 0)
        };

        if !type_off.is_multiple_of(4) {
            return Err(bad_header(
                8,
                format!("type section offset {type_off:#x} is not 4-byte aligned"),
            ));
        }
        let (types_start, types_end) = region(data, hdr_len, type_off, type_len, 8, "type")?;
        let (strings_start, strings_end) = region(data, hdr_len, str_off, str_len, 16, "string")?;
        if u64::from(type_off) + u64::from(type_len) > u64::from(str_off) {
            return Err(bad_header(
                16,
                format!(
                    "string section at {str_off:#x} overlaps or precedes the type section \
                     ({type_off:#x} + {type_len:#x})"
                ),
            ));
        }

        let strings_bytes = data.get(strings_start..strings_end).unwrap_or(&[]);
        check_strings(strings_bytes, strings_start, strings_end)?;

        let layout = if layout_len == 0 {
            Vec::new()
        } else {
            if !layout_off.is_multiple_of(4) || !layout_len.is_multiple_of(4) {
                return Err(bad_header(
                    24,
                    format!(
                        "layout section ({layout_off:#x} + {layout_len:#x}) is not 4-byte aligned"
                    ),
                ));
            }
            if u64::from(layout_off) < u64::from(type_off) + u64::from(type_len)
                || u64::from(layout_off) + u64::from(layout_len) > u64::from(str_off)
            {
                return Err(bad_header(
                    24,
                    "layout section is not between the type and string sections".to_string(),
                ));
            }
            let (start, end) = region(data, hdr_len, layout_off, layout_len, 24, "layout")?;
            let mut reader = Reader::new(data, Section::Btf, start, end);
            let mut layout = Vec::new();
            while !reader.is_empty() {
                let info_size = reader.u8("layout info_sz")?;
                let elem_size = reader.u8("layout elem_sz")?;
                reader.u16("layout flags")?;
                layout.push(KindLayout {
                    info_size,
                    elem_size,
                });
            }
            layout
        };

        Ok(Parser {
            data,
            types_start,
            types_end,
            strings: StringTable::new(strings_bytes),
            layout,
        })
    }

    /// Reads every type record, then checks the references between them. Returns the types and
    /// the byte offset of each record.
    fn run(self) -> Result<(Btf, Vec<usize>), BtfError> {
        let mut reader = Reader::new(self.data, Section::Btf, self.types_start, self.types_end);
        // The smallest record is 12 bytes, which bounds the count before reading.
        let mut types = Vec::with_capacity(reader.remaining() / TYPE_RECORD_LEN);
        let mut offsets: Vec<usize> = Vec::with_capacity(types.capacity());
        while !reader.is_empty() {
            let type_id = u32::try_from(types.len() + 1).unwrap_or(u32::MAX);
            if type_id > BTF_MAX_TYPE {
                return Err(BtfError::TooManyTypes {
                    at: reader.here(),
                    max: BTF_MAX_TYPE,
                });
            }
            offsets.push(reader.pos());
            types.push(self.read_type(&mut reader, type_id)?);
        }
        let btf = Btf {
            types,
            strings: self.strings,
        };
        check_references(&btf, &offsets)?;
        Ok((btf, offsets))
    }

    /// Checks that `name_off`, stored at `offset`, is a valid UTF-8 string.
    fn check_name(&self, name_off: u32, offset: usize, type_id: TypeId) -> Result<(), BtfError> {
        let at = Location::of_type(offset, type_id);
        match self.strings.bytes_at(name_off) {
            None => Err(BtfError::StringOutOfRange {
                at,
                string_off: name_off,
                strings_len: self.strings.len(),
            }),
            Some(bytes) if std::str::from_utf8(bytes).is_err() => Err(BtfError::BadString {
                at,
                string_off: name_off,
            }),
            Some(_) => Ok(()),
        }
    }

    /// Reads one type record.
    fn read_type(&self, reader: &mut Reader<'a>, type_id: TypeId) -> Result<BtfType, BtfError> {
        let start = reader.pos();
        reader.need(TYPE_RECORD_LEN, "type record", Some(type_id))?;
        let name_off = reader.u32("name_off")?;
        let info = reader.u32("info")?;
        let size_or_type = reader.u32("size/type")?;
        self.check_name(name_off, start, type_id)?;

        let raw_kind = ((info >> 24) & 0x7f) as u8;
        let vlen = info & 0x00ff_ffff;
        let kind_flag = info >> 31 != 0;
        let at = Location::of_type(start, type_id);
        let Some(kind) = Kind::from_raw(raw_kind) else {
            return self.skip_unknown(reader, at, name_off, (raw_kind, vlen, size_or_type));
        };
        let invalid = |what: String| BtfError::InvalidType { at, kind, what };
        let no_vlen = || {
            if vlen == 0 {
                Ok(())
            } else {
                Err(invalid(format!("vlen is {vlen}, not 0")))
            }
        };
        // Reads `vlen` elements of `elem_size` bytes, checking they fit before reading any.
        let elements = |reader: &mut Reader<'a>, elem_size: usize, what: &'static str| {
            let needed = (vlen as usize).saturating_mul(elem_size);
            reader.need(needed, what, Some(type_id))
        };

        let body = match kind {
            Kind::Int => {
                no_vlen()?;
                reader.need(4, "int data", Some(type_id))?;
                let word = reader.u32("int data")?;
                int_type(size_or_type, word).map_err(invalid)?
            }
            Kind::Ptr => {
                no_vlen()?;
                TypeBody::Ptr(size_or_type)
            }
            Kind::Typedef => {
                no_vlen()?;
                TypeBody::Typedef(size_or_type)
            }
            Kind::Volatile => {
                no_vlen()?;
                TypeBody::Volatile(size_or_type)
            }
            Kind::Const => {
                no_vlen()?;
                TypeBody::Const(size_or_type)
            }
            Kind::Restrict => {
                no_vlen()?;
                TypeBody::Restrict(size_or_type)
            }
            Kind::TypeTag => {
                no_vlen()?;
                TypeBody::TypeTag {
                    type_id: size_or_type,
                    is_attribute: kind_flag,
                }
            }
            Kind::Array => {
                no_vlen()?;
                reader.need(12, "array data", Some(type_id))?;
                TypeBody::Array(ArrayType {
                    elem: reader.u32("array type")?,
                    index: reader.u32("array index_type")?,
                    nelems: reader.u32("array nelems")?,
                })
            }
            Kind::Struct | Kind::Union => {
                elements(reader, 12, "members")?;
                let mut members = Vec::with_capacity(vlen as usize);
                for _ in 0..vlen {
                    let member_start = reader.pos();
                    let name_off = reader.u32("member name_off")?;
                    let type_id_m = reader.u32("member type")?;
                    let offset = reader.u32("member offset")?;
                    self.check_name(name_off, member_start, type_id)?;
                    let (bit_offset, bitfield_size) = if kind_flag {
                        (offset & 0x00ff_ffff, (offset >> 24) as u8)
                    } else {
                        (offset, 0)
                    };
                    members.push(Member {
                        name_off,
                        type_id: type_id_m,
                        bit_offset,
                        bitfield_size,
                    });
                }
                let composite = Composite {
                    size: size_or_type,
                    kind_flag,
                    members,
                };
                if kind == Kind::Struct {
                    TypeBody::Struct(composite)
                } else {
                    TypeBody::Union(composite)
                }
            }
            Kind::Enum | Kind::Enum64 => {
                if !matches!(size_or_type, 1 | 2 | 4 | 8) {
                    return Err(invalid(format!("size {size_or_type} is not 1, 2, 4 or 8")));
                }
                let wide = kind == Kind::Enum64;
                elements(reader, if wide { 12 } else { 8 }, "enumerators")?;
                let mut values = Vec::with_capacity(vlen as usize);
                for _ in 0..vlen {
                    let value_start = reader.pos();
                    let name_off = reader.u32("enumerator name_off")?;
                    self.check_name(name_off, value_start, type_id)?;
                    let value = if wide {
                        let low = reader.u32("enumerator val_lo32")?;
                        let high = reader.u32("enumerator val_hi32")?;
                        u64::from(high) << 32 | u64::from(low)
                    } else {
                        let raw = reader.u32("enumerator val")?;
                        if kind_flag {
                            raw as i32 as i64 as u64
                        } else {
                            u64::from(raw)
                        }
                    };
                    values.push(EnumValue { name_off, value });
                }
                let enum_type = EnumType {
                    size: size_or_type,
                    signed: kind_flag,
                    values,
                };
                if wide {
                    TypeBody::Enum64(enum_type)
                } else {
                    TypeBody::Enum(enum_type)
                }
            }
            Kind::Fwd => {
                no_vlen()?;
                TypeBody::Fwd {
                    is_union: kind_flag,
                }
            }
            Kind::Func => {
                let linkage = Linkage::from_raw(vlen)
                    .ok_or_else(|| invalid(format!("linkage {vlen} is unknown")))?;
                TypeBody::Func {
                    proto: size_or_type,
                    linkage,
                }
            }
            Kind::FuncProto => {
                elements(reader, 8, "parameters")?;
                let mut params = Vec::with_capacity(vlen as usize);
                for _ in 0..vlen {
                    let param_start = reader.pos();
                    let name_off = reader.u32("parameter name_off")?;
                    let type_id_p = reader.u32("parameter type")?;
                    self.check_name(name_off, param_start, type_id)?;
                    params.push(Param {
                        name_off,
                        type_id: type_id_p,
                    });
                }
                TypeBody::FuncProto(FuncProto {
                    ret: size_or_type,
                    params,
                })
            }
            Kind::Var => {
                no_vlen()?;
                reader.need(4, "var data", Some(type_id))?;
                let raw = reader.u32("var linkage")?;
                let linkage = Linkage::from_raw(raw)
                    .ok_or_else(|| invalid(format!("linkage {raw} is unknown")))?;
                TypeBody::Var {
                    type_id: size_or_type,
                    linkage,
                }
            }
            Kind::Datasec => {
                elements(reader, 12, "section variables")?;
                let mut vars = Vec::with_capacity(vlen as usize);
                for _ in 0..vlen {
                    vars.push(VarSecinfo {
                        type_id: reader.u32("secinfo type")?,
                        offset: reader.u32("secinfo offset")?,
                        size: reader.u32("secinfo size")?,
                    });
                }
                TypeBody::Datasec(Datasec {
                    size: size_or_type,
                    vars,
                })
            }
            Kind::Float => {
                no_vlen()?;
                if !matches!(size_or_type, 2 | 4 | 8 | 12 | 16) {
                    return Err(invalid(format!(
                        "size {size_or_type} is not 2, 4, 8, 12 or 16"
                    )));
                }
                TypeBody::Float { size: size_or_type }
            }
            Kind::DeclTag => {
                no_vlen()?;
                reader.need(4, "decl tag data", Some(type_id))?;
                let component_idx = reader.u32("decl tag component_idx")? as i32;
                if component_idx < -1 {
                    return Err(invalid(format!(
                        "component_idx {component_idx} is below -1"
                    )));
                }
                TypeBody::DeclTag {
                    type_id: size_or_type,
                    component_idx,
                    is_attribute: kind_flag,
                }
            }
            Kind::Unknown => {
                return self.skip_unknown(reader, at, name_off, (raw_kind, vlen, size_or_type));
            }
        };
        Ok(BtfType { name_off, body })
    }

    /// Skips a record of a kind this parser does not know, if the layout section gives its size.
    fn skip_unknown(
        &self,
        reader: &mut Reader<'a>,
        at: Location,
        name_off: u32,
        (raw_kind, vlen, size_or_type): (u8, u32, u32),
    ) -> Result<BtfType, BtfError> {
        let Some(layout) = self.layout.get(usize::from(raw_kind)) else {
            return Err(BtfError::UnknownKind { at, kind: raw_kind });
        };
        if !layout.info_size.is_multiple_of(4) || !layout.elem_size.is_multiple_of(4) {
            return Err(BtfError::UnknownKind { at, kind: raw_kind });
        }
        let len = (vlen as usize)
            .checked_mul(usize::from(layout.elem_size))
            .and_then(|elements| elements.checked_add(usize::from(layout.info_size)))
            .unwrap_or(usize::MAX);
        reader.need(len, "record of unknown kind", at.type_id)?;
        reader.skip(len, "record of unknown kind")?;
        Ok(BtfType {
            name_off,
            body: TypeBody::Unknown {
                kind: raw_kind,
                vlen,
                size_or_type,
            },
        })
    }
}

/// A header error at `offset`.
fn bad_header(offset: usize, what: String) -> BtfError {
    BtfError::BadHeader {
        at: Location::new(Section::Btf, offset),
        what,
    }
}

/// The absolute bounds of a section `off`/`len` bytes after the header, checked against the
/// data; `field` is the header offset of `off`, for the error.
fn region(
    data: &[u8],
    hdr_len: usize,
    off: u32,
    len: u32,
    field: usize,
    what: &str,
) -> Result<(usize, usize), BtfError> {
    let start = hdr_len as u64 + u64::from(off);
    let end = start + u64::from(len);
    if end > data.len() as u64 {
        return Err(bad_header(
            field,
            format!(
                "{what} section [{start:#x}, {end:#x}) ends past the data ({:#x} bytes)",
                data.len()
            ),
        ));
    }
    // Both fit in the data's length, hence in usize.
    Ok((start as usize, end as usize))
}

/// Checks the string section: not empty, NUL first and last, offsets within BTF's limit.
fn check_strings(bytes: &[u8], start: usize, end: usize) -> Result<(), BtfError> {
    let fail = |offset: usize, what: &'static str| BtfError::BadStringSection {
        at: Location::new(Section::Btf, offset),
        what,
    };
    match (bytes.first(), bytes.last()) {
        (None, _) | (_, None) => Err(fail(start, "it is empty")),
        (Some(&first), _) if first != 0 => Err(fail(start, "its first byte is not NUL")),
        (_, Some(&last)) if last != 0 => Err(fail(end - 1, "its last byte is not NUL")),
        _ if bytes.len() - 1 > BTF_MAX_NAME_OFFSET as usize => {
            Err(fail(start, "it is larger than BTF_MAX_NAME_OFFSET"))
        }
        _ => Ok(()),
    }
}

/// Decodes an INT's extra word, with the kernel's rules.
fn int_type(size: u32, word: u32) -> Result<TypeBody, String> {
    if word & !0x0fff_00ff != 0 {
        return Err(format!("reserved bits set in {word:#x}"));
    }
    let encoding = match (word >> 24) & 0x0f {
        0 => IntEncoding::Unsigned,
        1 => IntEncoding::Signed,
        2 => IntEncoding::Char,
        4 => IntEncoding::Bool,
        other => return Err(format!("encoding {other:#x} is not one of 0, 1, 2, 4")),
    };
    let offset = ((word >> 16) & 0xff) as u8;
    let bits = (word & 0xff) as u8;
    if !matches!(size, 1 | 2 | 4 | 8 | 16) {
        return Err(format!("size {size} is not 1, 2, 4, 8 or 16"));
    }
    if bits > 128 || u32::from(offset) + u32::from(bits) > size * 8 {
        return Err(format!(
            "{bits} bits at offset {offset} do not fit in {size} bytes"
        ));
    }
    Ok(TypeBody::Int(IntType {
        size,
        encoding,
        offset,
        bits,
    }))
}

/// Checks every type id stored in a type against the number of types, and that FUNCs point at
/// FUNC_PROTOs. `offsets[i]` is where type `i + 1` starts.
fn check_references(btf: &Btf, offsets: &[usize]) -> Result<(), BtfError> {
    let last = btf.last_type_id();
    for ((type_id, ty), &start) in btf.iter().zip(offsets) {
        let check = |referenced: TypeId, offset: usize| {
            if referenced > last {
                Err(BtfError::TypeIdOutOfRange {
                    at: Location::of_type(offset, type_id),
                    referenced,
                    last,
                })
            } else {
                Ok(())
            }
        };
        // Field offsets inside the records, for the error locations.
        let after_header = start + TYPE_RECORD_LEN;
        match &ty.body {
            TypeBody::Array(array) => {
                check(array.elem, after_header)?;
                check(array.index, after_header + 4)?;
            }
            TypeBody::Struct(c) | TypeBody::Union(c) => {
                for (index, member) in c.members.iter().enumerate() {
                    check(member.type_id, after_header + index * 12 + 4)?;
                }
            }
            TypeBody::FuncProto(proto) => {
                check(proto.ret, start + 8)?;
                for (index, param) in proto.params.iter().enumerate() {
                    check(param.type_id, after_header + index * 8 + 4)?;
                }
            }
            TypeBody::Datasec(datasec) => {
                for (index, var) in datasec.vars.iter().enumerate() {
                    check(var.type_id, after_header + index * 12)?;
                }
            }
            TypeBody::Func { proto, .. } => {
                check(*proto, start + 8)?;
                if btf.type_by_id(*proto).map(BtfType::kind) != Some(Kind::FuncProto) {
                    return Err(BtfError::InvalidType {
                        at: Location::of_type(start + 8, type_id),
                        kind: Kind::Func,
                        what: format!("type [{proto}] is not a FUNC_PROTO"),
                    });
                }
            }
            _ => {
                if let Some(referenced) = ty.referenced_type() {
                    check(referenced, start + 8)?;
                }
            }
        }
    }
    Ok(())
}

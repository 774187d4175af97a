//! Decoding a value's bytes into a [`Decoded`] tree, for callers that render values in their own
//! form (`sluice trace` prints ring buffer and perf records as text or JSON from it).
//!
//! The rules are those of [`Btf::format_value`], which shares the scalar and member code below:
//! integers with their signedness (`_Bool` as a boolean), enums by enumerator name when one
//! matches, pointers as addresses, floats as floats, `char` arrays holding printable text up to
//! their first NUL as that text, other arrays of one-byte integers as bytes, other arrays as
//! lists, structs, unions and sections with every member by name (anonymous members with an
//! empty name), bitfields extracted from their bits. [`Decoded`]'s `Display` prints what
//! `format_value` prints.
//!
//! Invariant: decoding never reads outside the given bytes (a value shorter than its type is
//! [`BtfError::ValueTooShort`]), keeps at most [`MAX_ARRAY_ELEMENTS`] elements of one array and
//! [`MAX_DECODED_VALUES`] values in all, and nests at most [`MAX_RESOLVE_DEPTH`] levels; past
//! the limits, values are [`Decoded::Elided`].

use std::fmt;

use super::error::BtfError;
use super::parse::Btf;
use super::query::MAX_RESOLVE_DEPTH;
use super::types::{BtfType, IntEncoding, IntType, Member, TypeBody, TypeId};
use super::value::{
    Bits, MAX_ARRAY_ELEMENTS, char_text, read_bits, sign_extend, take, write_hex_bytes,
};

/// The most values (scalars, structs, arrays) one decoded tree holds. Smaller than
/// `format_value`'s step budget because every value is kept in memory; real records (events,
/// map values) hold far fewer.
pub const MAX_DECODED_VALUES: usize = 1 << 16;

/// A value decoded from its bytes and its BTF type.
#[derive(Clone, Debug, PartialEq)]
pub enum Decoded {
    /// A signed integer, or an enum value without a name.
    Signed(i128),
    /// An unsigned integer (`char` too), or an enum value without a name.
    Unsigned(u128),
    /// A `_Bool` holding 0 or 1.
    Bool(bool),
    /// A `float`.
    F32(f32),
    /// A `double`.
    F64(f64),
    /// A pointer's value.
    Pointer(u64),
    /// An enum value by its enumerator's name.
    Enumerator(String),
    /// A `char` array holding text: the printable ASCII characters before its first NUL.
    Text(String),
    /// Any other array of one-byte integers, or a float of an unusual size.
    Bytes(Vec<u8>),
    /// Any other array: its first elements, and how many more it has.
    Array {
        /// The elements kept (at most [`MAX_ARRAY_ELEMENTS`]).
        elements: Vec<Decoded>,
        /// The elements left out.
        omitted: usize,
    },
    /// A struct, union or section: each member (variable) by name, in order; anonymous struct
    /// and union members have an empty name.
    Struct(Vec<(String, Decoded)>),
    /// A type with no value to show (void, a function, a forward declaration): its description.
    Opaque(String),
    /// A value past the nesting or count limits.
    Elided,
}

impl Btf {
    /// Decodes `bytes` as a value of type `type_id` (see the module documentation). `bytes`
    /// must hold at least the type's size; extra bytes are ignored.
    pub fn decode_value(&self, type_id: TypeId, bytes: &[u8]) -> Result<Decoded, BtfError> {
        self.check_value_size(type_id, bytes)?;
        let mut budget = MAX_DECODED_VALUES;
        self.decode_at(type_id, bytes, None, (0, &mut budget))
    }

    /// Decodes the value of type `type_id` found at the start of `bytes`, or in `bits` of it for
    /// bitfields.
    fn decode_at(
        &self,
        type_id: TypeId,
        bytes: &[u8],
        bits: Option<Bits>,
        (depth, budget): (usize, &mut usize),
    ) -> Result<Decoded, BtfError> {
        if depth > MAX_RESOLVE_DEPTH || *budget == 0 {
            return Ok(Decoded::Elided);
        }
        *budget -= 1;
        let (resolved, ty) = self.resolve(type_id)?;
        let Some(ty) = ty else {
            return Ok(Decoded::Opaque("void".to_string()));
        };
        if let Some(scalar) = self.decode_scalar(ty, resolved, bytes, bits)? {
            return Ok(scalar);
        }
        Ok(match &ty.body {
            TypeBody::Array(array) => {
                let count = array.nelems as usize;
                if let Some(value) = self.decode_byte_array(array.elem, count, bytes)? {
                    return Ok(value);
                }
                let elem_size = self.size_of(array.elem)? as usize;
                let kept = count.min(MAX_ARRAY_ELEMENTS);
                let mut elements = Vec::with_capacity(kept.min(*budget));
                for index in 0..kept {
                    let slice = take(
                        bytes,
                        index.saturating_mul(elem_size),
                        elem_size,
                        array.elem,
                    )?;
                    elements.push(self.decode_at(array.elem, slice, None, (depth + 1, budget))?);
                }
                Decoded::Array {
                    elements,
                    omitted: count - kept,
                }
            }
            TypeBody::Struct(c) | TypeBody::Union(c) => {
                let mut members = Vec::with_capacity(c.members.len().min(*budget));
                for member in &c.members {
                    let (slice, bits) = self.member_bytes(member, bytes, resolved)?;
                    let value = self.decode_at(member.type_id, slice, bits, (depth + 1, budget))?;
                    members.push((self.name_at(member.name_off).to_string(), value));
                }
                Decoded::Struct(members)
            }
            TypeBody::Datasec(datasec) => {
                let mut vars = Vec::with_capacity(datasec.vars.len().min(*budget));
                for var in &datasec.vars {
                    let slice = take(bytes, var.offset as usize, var.size as usize, resolved)?;
                    let value = self.decode_at(var.type_id, slice, None, (depth + 1, budget))?;
                    vars.push((self.name_of(var.type_id)?.to_string(), value));
                }
                Decoded::Struct(vars)
            }
            TypeBody::Var { type_id, .. } => {
                self.decode_at(*type_id, bytes, bits, (depth + 1, budget))?
            }
            _ => Decoded::Opaque(self.describe(ty)),
        })
    }

    /// The value of an integer, enum, pointer or float type `ty` (whose id is `resolved`) at the
    /// start of `bytes` or in `bits` of it; `None` for other kinds.
    pub(super) fn decode_scalar(
        &self,
        ty: &BtfType,
        resolved: TypeId,
        bytes: &[u8],
        bits: Option<Bits>,
    ) -> Result<Option<Decoded>, BtfError> {
        Ok(Some(match &ty.body {
            TypeBody::Int(int) => {
                let bits = bits.unwrap_or(Bits {
                    offset: usize::from(int.offset),
                    len: usize::from(int.bits),
                });
                let raw = read_bits(bytes, bits, resolved)?;
                match int.encoding {
                    IntEncoding::Bool if raw <= 1 => Decoded::Bool(raw == 1),
                    IntEncoding::Signed => Decoded::Signed(sign_extend(raw, bits.len)),
                    _ => Decoded::Unsigned(raw),
                }
            }
            TypeBody::Enum(e) | TypeBody::Enum64(e) => {
                let bits = bits.unwrap_or(Bits {
                    offset: 0,
                    len: e.size as usize * 8,
                });
                let raw = read_bits(bytes, bits, resolved)?;
                let value = if e.signed {
                    sign_extend(raw, bits.len) as u64
                } else {
                    raw as u64
                };
                // Stored values are extended the same way as `value`.
                match e.values.iter().find(|v| v.value == value) {
                    Some(v) => Decoded::Enumerator(self.name_at(v.name_off).to_string()),
                    None if e.signed => Decoded::Signed(i128::from(value as i64)),
                    None => Decoded::Unsigned(u128::from(value)),
                }
            }
            TypeBody::Ptr(_) => {
                let raw = read_bits(bytes, Bits { offset: 0, len: 64 }, resolved)?;
                Decoded::Pointer(raw as u64)
            }
            TypeBody::Float { size } => {
                let slice = take(bytes, 0, *size as usize, resolved)?;
                if let Ok(array) = <[u8; 4]>::try_from(slice) {
                    Decoded::F32(f32::from_le_bytes(array))
                } else if let Ok(array) = <[u8; 8]>::try_from(slice) {
                    Decoded::F64(f64::from_le_bytes(array))
                } else {
                    Decoded::Bytes(slice.to_vec())
                }
            }
            _ => return Ok(None),
        }))
    }

    /// An array of `count` one-byte integers of type `elem` at the start of `bytes`: its text
    /// for a `char` array holding some, its bytes otherwise; `None` for other element types.
    pub(super) fn decode_byte_array(
        &self,
        elem: TypeId,
        count: usize,
        bytes: &[u8],
    ) -> Result<Option<Decoded>, BtfError> {
        let (_, elem_ty) = self.resolve(elem)?;
        let Some((ty, int)) = elem_ty.and_then(|ty| Some((ty, one_byte_int(ty)?))) else {
            return Ok(None);
        };
        let slice = take(bytes, 0, count, elem)?;
        let is_char = int.encoding == IntEncoding::Char || self.type_name(ty) == "char";
        Ok(Some(match char_text(slice) {
            Some(text) if is_char => Decoded::Text(text.to_string()),
            _ => Decoded::Bytes(slice.to_vec()),
        }))
    }

    /// Where `member`'s value lies in `bytes`, the value of its enclosing type (`enclosing`):
    /// the bytes from its first byte on, or, for a bitfield or a member at an unaligned bit
    /// offset, all of `bytes` and the member's bits.
    pub(super) fn member_bytes<'b>(
        &self,
        member: &Member,
        bytes: &'b [u8],
        enclosing: TypeId,
    ) -> Result<(&'b [u8], Option<Bits>), BtfError> {
        let bit_offset = member.bit_offset as usize;
        if member.bitfield_size > 0 || !bit_offset.is_multiple_of(8) {
            let len = if member.bitfield_size > 0 {
                usize::from(member.bitfield_size)
            } else {
                self.int_bits(member.type_id)?
            };
            let bits = Bits {
                offset: bit_offset,
                len,
            };
            return Ok((bytes, Some(bits)));
        }
        let size = self.size_of(member.type_id)? as usize;
        Ok((take(bytes, bit_offset / 8, size, enclosing)?, None))
    }

    /// The number of value bits of the integer (or enum) `type_id` resolves to, for members at
    /// unaligned bit offsets without a bitfield size (the encoding before kind flags existed).
    fn int_bits(&self, type_id: TypeId) -> Result<usize, BtfError> {
        let (_, ty) = self.resolve(type_id)?;
        Ok(match ty.map(|t| &t.body) {
            Some(TypeBody::Int(int)) => usize::from(int.bits),
            _ => self.size_of(type_id)? as usize * 8,
        })
    }
}

/// The integer type of a one-byte integer element.
fn one_byte_int(ty: &BtfType) -> Option<&IntType> {
    match &ty.body {
        TypeBody::Int(int) if int.size == 1 => Some(int),
        _ => None,
    }
}

/// Prints as [`Btf::format_value`] does: `{ .id = 1, .name = "bash", .mac = [0x00, 0x1b] }`.
impl fmt::Display for Decoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decoded::Signed(value) => write!(f, "{value}"),
            Decoded::Unsigned(value) => write!(f, "{value}"),
            Decoded::Bool(value) => write!(f, "{value}"),
            Decoded::F32(value) => write!(f, "{value}"),
            Decoded::F64(value) => write!(f, "{value}"),
            Decoded::Pointer(value) => write!(f, "{value:#x}"),
            Decoded::Enumerator(name) => f.write_str(name),
            Decoded::Text(text) => {
                f.write_str("\"")?;
                for c in text.chars() {
                    if c == '"' || c == '\\' {
                        f.write_str("\\")?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str("\"")
            }
            Decoded::Bytes(bytes) => {
                let mut out = String::new();
                write_hex_bytes(&mut out, bytes);
                f.write_str(&out)
            }
            Decoded::Array { elements, omitted } => {
                f.write_str("[")?;
                for (index, element) in elements.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{element}")?;
                }
                if *omitted > 0 {
                    write!(f, ", ... {omitted} more")?;
                }
                f.write_str("]")
            }
            Decoded::Struct(members) => {
                f.write_str("{")?;
                for (index, (name, value)) in members.iter().enumerate() {
                    f.write_str(if index == 0 { " " } else { ", " })?;
                    if !name.is_empty() {
                        write!(f, ".{name} = ")?;
                    }
                    write!(f, "{value}")?;
                }
                f.write_str(if members.is_empty() { "}" } else { " }" })
            }
            Decoded::Opaque(description) => write!(f, "<{description}>"),
            Decoded::Elided => f.write_str("..."),
        }
    }
}

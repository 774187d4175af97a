//! Printing a value's bytes as a typed value, for map dumps: structs as
//! `{ .id = 1, .name = "bash", .mac = [0x00, 0x1b], .inner = { .port = 80 } }`.
//!
//! Rules: integers in decimal (with their signedness; `_Bool` as `true`/`false`), enums by
//! enumerator name when one matches (the number otherwise), pointers in hex, floats as floats,
//! `char` arrays as strings when everything before the first NUL is printable ASCII and
//! everything after it is NUL, other arrays of one-byte integers in hex, other arrays as lists,
//! structs and unions with every member by name (anonymous members as nested braces), bitfields
//! extracted from their bits, sections (DATASEC) with each variable by name. Values are
//! little-endian.
//!
//! Invariant: the formatter never reads outside the given bytes (a value shorter than its type
//! is [`BtfError::ValueTooShort`]), prints at most [`MAX_ARRAY_ELEMENTS`] elements of one array
//! and [`MAX_VALUE_STEPS`] values in all, and nests at most [`MAX_RESOLVE_DEPTH`] levels.

use std::fmt::Write as _;

use super::error::BtfError;
use super::parse::Btf;
use super::query::MAX_RESOLVE_DEPTH;
use super::types::{BtfType, IntEncoding, IntType, TypeBody, TypeId};

/// The most elements of one array the formatter prints; the rest are summarized.
pub const MAX_ARRAY_ELEMENTS: usize = 4096;

/// The most values (scalars, structs, arrays) one call prints; past it, `...`. Bounds the work on
/// malformed BTF whose structs contain themselves.
pub const MAX_VALUE_STEPS: usize = 1 << 20;

/// A run of bits inside a value: a bitfield, or a whole integer at a bit offset.
#[derive(Clone, Copy)]
struct Bits {
    offset: usize,
    len: usize,
}

impl Btf {
    /// Prints `bytes` as a value of type `type_id` (see the module documentation for the
    /// format). `bytes` must hold at least the type's size; extra bytes are ignored.
    pub fn format_value(&self, type_id: TypeId, bytes: &[u8]) -> Result<String, BtfError> {
        let size = self.size_of(type_id)? as usize;
        if bytes.len() < size {
            return Err(BtfError::ValueTooShort {
                type_id,
                needed: size,
                available: bytes.len(),
            });
        }
        let mut out = String::new();
        let mut steps = MAX_VALUE_STEPS;
        self.write_value(&mut out, type_id, bytes, None, (0, &mut steps))?;
        Ok(out)
    }

    /// Writes the value of type `type_id` found at the start of `bytes`, or in `bits` of it for
    /// bitfields.
    fn write_value(
        &self,
        out: &mut String,
        type_id: TypeId,
        bytes: &[u8],
        bits: Option<Bits>,
        (depth, steps): (usize, &mut usize),
    ) -> Result<(), BtfError> {
        if depth > MAX_RESOLVE_DEPTH || *steps == 0 {
            out.push_str("...");
            return Ok(());
        }
        *steps -= 1;
        let (resolved, ty) = self.resolve(type_id)?;
        let Some(ty) = ty else {
            out.push_str("<void>");
            return Ok(());
        };
        match &ty.body {
            TypeBody::Int(int) => {
                let bits = bits.unwrap_or(Bits {
                    offset: usize::from(int.offset),
                    len: usize::from(int.bits),
                });
                let raw = read_bits(bytes, bits, resolved)?;
                write_int(out, int, raw, bits.len);
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
                let matching = e.values.iter().find(|v| v.value == value);
                match matching {
                    Some(v) => out.push_str(self.name_at(v.name_off)),
                    None if e.signed => {
                        let _ = write!(out, "{}", value as i64);
                    }
                    None => {
                        let _ = write!(out, "{value}");
                    }
                }
            }
            TypeBody::Ptr(_) => {
                let raw = read_bits(bytes, Bits { offset: 0, len: 64 }, resolved)?;
                let _ = write!(out, "{raw:#x}");
            }
            TypeBody::Float { size } => {
                let slice = take(bytes, 0, *size as usize, resolved)?;
                match slice.len() {
                    4 => {
                        let mut array = [0u8; 4];
                        array.copy_from_slice(slice);
                        let _ = write!(out, "{}", f32::from_le_bytes(array));
                    }
                    8 => {
                        let mut array = [0u8; 8];
                        array.copy_from_slice(slice);
                        let _ = write!(out, "{}", f64::from_le_bytes(array));
                    }
                    _ => write_hex_bytes(out, slice),
                }
            }
            TypeBody::Array(array) => {
                self.write_array(out, array.elem, array.nelems, bytes, (depth, &mut *steps))?;
            }
            TypeBody::Struct(c) | TypeBody::Union(c) => {
                out.push('{');
                for (index, member) in c.members.iter().enumerate() {
                    out.push_str(if index == 0 { " " } else { ", " });
                    let name = self.name_at(member.name_off);
                    if !name.is_empty() {
                        let _ = write!(out, ".{name} = ");
                    }
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
                        self.write_value(
                            out,
                            member.type_id,
                            bytes,
                            Some(bits),
                            (depth + 1, &mut *steps),
                        )?;
                    } else {
                        let start = bit_offset / 8;
                        let size = self.size_of(member.type_id)? as usize;
                        let slice = take(bytes, start, size, resolved)?;
                        self.write_value(
                            out,
                            member.type_id,
                            slice,
                            None,
                            (depth + 1, &mut *steps),
                        )?;
                    }
                }
                out.push_str(if c.members.is_empty() { "}" } else { " }" });
            }
            TypeBody::Datasec(datasec) => {
                out.push('{');
                for (index, var) in datasec.vars.iter().enumerate() {
                    out.push_str(if index == 0 { " " } else { ", " });
                    let name = self.name_of(var.type_id)?;
                    let _ = write!(out, ".{name} = ");
                    let slice = take(bytes, var.offset as usize, var.size as usize, resolved)?;
                    self.write_value(out, var.type_id, slice, None, (depth + 1, &mut *steps))?;
                }
                out.push_str(if datasec.vars.is_empty() { "}" } else { " }" });
            }
            TypeBody::Var { type_id, .. } => {
                self.write_value(out, *type_id, bytes, bits, (depth + 1, &mut *steps))?;
            }
            _ => {
                let _ = write!(out, "<{}>", self.describe(ty));
            }
        }
        Ok(())
    }

    /// Writes an array: a string, hex bytes, or a list.
    fn write_array(
        &self,
        out: &mut String,
        elem: TypeId,
        nelems: u32,
        bytes: &[u8],
        (depth, steps): (usize, &mut usize),
    ) -> Result<(), BtfError> {
        let count = nelems as usize;
        let elem_size = self.size_of(elem)? as usize;
        let (_, elem_ty) = self.resolve(elem)?;
        if let Some(int) = elem_ty.and_then(one_byte_int) {
            let slice = take(bytes, 0, count, elem)?;
            let is_char = int.encoding == IntEncoding::Char
                || elem_ty.is_some_and(|ty| self.type_name(ty) == "char");
            match printable_string(slice) {
                Some(text) if is_char => {
                    let _ = write!(out, "\"{text}\"");
                }
                _ => write_hex_bytes(out, slice),
            }
            return Ok(());
        }
        out.push('[');
        let shown = count.min(MAX_ARRAY_ELEMENTS);
        for index in 0..shown {
            if index > 0 {
                out.push_str(", ");
            }
            let start = index.saturating_mul(elem_size);
            let slice = take(bytes, start, elem_size, elem)?;
            self.write_value(out, elem, slice, None, (depth + 1, &mut *steps))?;
        }
        if count > shown {
            let _ = write!(out, ", ... {} more", count - shown);
        }
        out.push(']');
        Ok(())
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

/// `bytes[start..start + len]`, or [`BtfError::ValueTooShort`].
fn take(bytes: &[u8], start: usize, len: usize, type_id: TypeId) -> Result<&[u8], BtfError> {
    start
        .checked_add(len)
        .and_then(|end| bytes.get(start..end))
        .ok_or(BtfError::ValueTooShort {
            type_id,
            needed: start.saturating_add(len),
            available: bytes.len(),
        })
}

/// Reads `bits.len` (at most 128) bits starting `bits.offset` bits into `bytes`, little-endian.
fn read_bits(bytes: &[u8], bits: Bits, type_id: TypeId) -> Result<u128, BtfError> {
    let len = bits.len.min(128);
    let end_byte = bits.offset.saturating_add(len).div_ceil(8);
    if end_byte > bytes.len() {
        return Err(BtfError::ValueTooShort {
            type_id,
            needed: end_byte,
            available: bytes.len(),
        });
    }
    let mut value: u128 = 0;
    for index in 0..len {
        let bit = bits.offset + index;
        let byte = bytes.get(bit / 8).copied().unwrap_or(0);
        if (byte >> (bit % 8)) & 1 != 0 {
            value |= 1u128 << index;
        }
    }
    Ok(value)
}

/// Sign-extends the low `len` bits of `raw`.
fn sign_extend(raw: u128, len: usize) -> i128 {
    if len == 0 || len >= 128 {
        return raw as i128;
    }
    let shift = 128 - len as u32;
    ((raw << shift) as i128) >> shift
}

/// Writes an integer of `len` bits with its encoding.
fn write_int(out: &mut String, int: &IntType, raw: u128, len: usize) {
    let _ = match int.encoding {
        IntEncoding::Bool if raw <= 1 => write!(out, "{}", raw == 1),
        IntEncoding::Signed => write!(out, "{}", sign_extend(raw, len)),
        _ => write!(out, "{raw}"),
    };
}

/// `bytes` as a string if everything before the first NUL is printable ASCII and everything
/// after it is NUL; quotes and backslashes are escaped.
fn printable_string(bytes: &[u8]) -> Option<String> {
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let (text, rest) = bytes.split_at(len);
    if rest.iter().any(|&b| b != 0) || !text.iter().all(|&b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for &b in text {
        if b == b'"' || b == b'\\' {
            out.push('\\');
        }
        out.push(char::from(b));
    }
    Some(out)
}

/// Writes bytes as `[0x01, 0x02]`.
fn write_hex_bytes(out: &mut String, bytes: &[u8]) {
    out.push('[');
    for (index, b) in bytes.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{b:#04x}");
    }
    out.push(']');
}

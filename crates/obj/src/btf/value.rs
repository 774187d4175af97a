//! Printing a value's bytes as a typed value, for map dumps: structs as
//! `{ .id = 1, .name = "bash", .mac = [0x00, 0x1b], .inner = { .port = 80 } }`.
//!
//! Rules: integers in decimal (with their signedness; `_Bool` as `true`/`false`), enums by
//! enumerator name when one matches (the number otherwise), pointers in hex, floats as floats,
//! `char` arrays as strings when everything before the first NUL is printable ASCII (as
//! bpftool prints them: what follows the NUL is ignored), other arrays of one-byte integers in
//! hex, other arrays as lists, structs and unions with every member by name (anonymous members
//! as nested braces), bitfields extracted from their bits, sections (DATASEC) with each variable
//! by name. Values are little-endian. Scalars, byte arrays and member positions are decoded by
//! the code of [`super::decode`], so [`Btf::format_value`] and [`Btf::decode_value`] agree.
//!
//! Invariant: the formatter never reads outside the given bytes (a value shorter than its type
//! is [`BtfError::ValueTooShort`]), prints at most [`MAX_ARRAY_ELEMENTS`] elements of one array
//! and [`MAX_VALUE_STEPS`] values in all, and nests at most [`MAX_RESOLVE_DEPTH`] levels.

use std::fmt::Write as _;

use super::error::BtfError;
use super::parse::Btf;
use super::query::MAX_RESOLVE_DEPTH;
use super::types::{TypeBody, TypeId};

/// The most elements of one array the formatter prints; the rest are summarized.
pub const MAX_ARRAY_ELEMENTS: usize = 4096;

/// The most values (scalars, structs, arrays) one call prints; past it, `...`. Bounds the work on
/// malformed BTF whose structs contain themselves.
pub const MAX_VALUE_STEPS: usize = 1 << 20;

/// A run of bits inside a value: a bitfield, or a whole integer at a bit offset.
#[derive(Clone, Copy)]
pub(super) struct Bits {
    pub(super) offset: usize,
    pub(super) len: usize,
}

impl Btf {
    /// Checks that `bytes` hold a whole value of type `type_id`.
    pub(super) fn check_value_size(&self, type_id: TypeId, bytes: &[u8]) -> Result<(), BtfError> {
        let size = self.size_of(type_id)? as usize;
        if bytes.len() < size {
            return Err(BtfError::ValueTooShort {
                type_id,
                needed: size,
                available: bytes.len(),
            });
        }
        Ok(())
    }

    /// Prints `bytes` as a value of type `type_id` (see the module documentation for the
    /// format). `bytes` must hold at least the type's size; extra bytes are ignored.
    pub fn format_value(&self, type_id: TypeId, bytes: &[u8]) -> Result<String, BtfError> {
        self.check_value_size(type_id, bytes)?;
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
        if let Some(scalar) = self.decode_scalar(ty, resolved, bytes, bits)? {
            let _ = write!(out, "{scalar}");
            return Ok(());
        }
        match &ty.body {
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
                    let (slice, bits) = self.member_bytes(member, bytes, resolved)?;
                    self.write_value(out, member.type_id, slice, bits, (depth + 1, &mut *steps))?;
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
        if let Some(value) = self.decode_byte_array(elem, count, bytes)? {
            let _ = write!(out, "{value}");
            return Ok(());
        }
        let elem_size = self.size_of(elem)? as usize;
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
}

/// `bytes[start..start + len]`, or [`BtfError::ValueTooShort`].
pub(super) fn take(
    bytes: &[u8],
    start: usize,
    len: usize,
    type_id: TypeId,
) -> Result<&[u8], BtfError> {
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
pub(super) fn read_bits(bytes: &[u8], bits: Bits, type_id: TypeId) -> Result<u128, BtfError> {
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
pub(super) fn sign_extend(raw: u128, len: usize) -> i128 {
    if len == 0 || len >= 128 {
        return raw as i128;
    }
    let shift = 128 - len as u32;
    ((raw << shift) as i128) >> shift
}

/// The text of a `char` array: its bytes before the first NUL (all of them without one), if
/// they are printable ASCII. What follows the NUL is ignored, as bpftool does: a program that
/// copies a shorter string into reused memory leaves old bytes there.
pub(super) fn char_text(bytes: &[u8]) -> Option<&str> {
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let text = &bytes[..len];
    if !text.iter().all(|&b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    std::str::from_utf8(text).ok()
}

/// Writes bytes as `[0x01, 0x02]`.
pub(super) fn write_hex_bytes(out: &mut String, bytes: &[u8]) {
    out.push('[');
    for (index, b) in bytes.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{b:#04x}");
    }
    out.push(']');
}

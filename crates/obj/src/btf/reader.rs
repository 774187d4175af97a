//! A bounds-checked little-endian reader over a byte region, used by the `.BTF` and `.BTF.ext`
//! parsers.
//!
//! Invariant: `pos <= end <= data.len()`; every read checks that the bytes it needs lie in
//! `pos..end` and otherwise returns [`BtfError::Truncated`] naming the absolute offset in the
//! section, so a parser built on it cannot index out of bounds.

use super::error::{BtfError, Location, Section};

/// A cursor over `data[pos..end]`, reporting offsets relative to the start of `data` (the
/// start of the section).
#[derive(Clone, Debug)]
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    section: Section,
    pos: usize,
    end: usize,
}

impl<'a> Reader<'a> {
    /// A reader over `data[start..end]`; the caller has checked `start <= end <= data.len()`
    /// (the reader clamps them anyway, so a wrong region only shortens what can be read).
    pub(crate) fn new(data: &'a [u8], section: Section, start: usize, end: usize) -> Reader<'a> {
        let end = end.min(data.len());
        Reader {
            data,
            section,
            pos: start.min(end),
            end,
        }
    }

    /// The absolute offset of the next byte.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Bytes left before the end of the region.
    pub(crate) fn remaining(&self) -> usize {
        self.end - self.pos
    }

    /// True when nothing is left.
    pub(crate) fn is_empty(&self) -> bool {
        self.pos == self.end
    }

    /// The location of the next byte.
    pub(crate) fn here(&self) -> Location {
        Location::new(self.section, self.pos)
    }

    /// Fails unless `needed` bytes are left; `what` names the structure for the error.
    pub(crate) fn need(
        &self,
        needed: usize,
        what: &'static str,
        type_id: Option<u32>,
    ) -> Result<(), BtfError> {
        if self.remaining() < needed {
            return Err(BtfError::Truncated {
                at: Location {
                    section: self.section,
                    offset: self.pos,
                    type_id,
                },
                what,
                needed,
                available: self.remaining(),
            });
        }
        Ok(())
    }

    /// Takes the next `len` bytes.
    pub(crate) fn bytes(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], BtfError> {
        self.need(len, what, None)?;
        let start = self.pos;
        self.pos += len;
        self.data.get(start..self.pos).ok_or(BtfError::Truncated {
            at: Location::new(self.section, start),
            what,
            needed: len,
            available: 0,
        })
    }

    /// Takes the next `N` bytes as an array.
    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], BtfError> {
        let at = self.here();
        self.bytes(N, what)?
            .first_chunk::<N>()
            .copied()
            .ok_or(BtfError::Truncated {
                at,
                what,
                needed: N,
                available: 0,
            })
    }

    /// Reads a little-endian `u32`.
    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, BtfError> {
        self.array(what).map(u32::from_le_bytes)
    }

    /// Reads a little-endian `u16`.
    pub(crate) fn u16(&mut self, what: &'static str) -> Result<u16, BtfError> {
        self.array(what).map(u16::from_le_bytes)
    }

    /// Reads one byte.
    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, BtfError> {
        self.array(what).map(u8::from_le_bytes)
    }

    /// Moves forward by `len` bytes.
    pub(crate) fn skip(&mut self, len: usize, what: &'static str) -> Result<(), BtfError> {
        self.bytes(len, what).map(|_| ())
    }
}

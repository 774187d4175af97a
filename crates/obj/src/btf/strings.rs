//! The string section: NUL-terminated strings addressed by byte offset.
//!
//! Invariant: the table is either empty or starts and ends with a NUL byte, so every offset
//! inside it starts a terminated string (offset 0 is the empty string).

use std::borrow::Cow;

/// The string section of a `.BTF` blob.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StringTable {
    bytes: Box<[u8]>,
}

impl StringTable {
    /// Wraps bytes whose first and last bytes are NUL (checked by the parser).
    pub(crate) fn new(bytes: &[u8]) -> StringTable {
        StringTable {
            bytes: bytes.into(),
        }
    }

    /// The size of the section in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True if the section has no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The raw bytes of the string at `offset`, without its NUL; `None` if `offset` is outside
    /// the section.
    pub fn bytes_at(&self, offset: u32) -> Option<&[u8]> {
        let tail = self.bytes.get(usize::try_from(offset).ok()?..)?;
        let len = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
        tail.get(..len)
    }

    /// The string at `offset`; `None` if `offset` is outside the section or the string is not
    /// UTF-8.
    pub fn get(&self, offset: u32) -> Option<&str> {
        std::str::from_utf8(self.bytes_at(offset)?).ok()
    }

    /// The string at `offset` with invalid UTF-8 replaced (source text is not always UTF-8);
    /// `None` if `offset` is outside the section.
    pub fn get_lossy(&self, offset: u32) -> Option<Cow<'_, str>> {
        Some(String::from_utf8_lossy(self.bytes_at(offset)?))
    }

    /// The whole section.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

//! The raw 8-byte instruction slot, exactly as it sits in memory (`struct bpf_insn`).

use std::fmt;

/// One 8-byte instruction slot: opcode, destination and source registers (one nibble each),
/// signed 16-bit offset and signed 32-bit immediate, little-endian.
///
/// A `RawInsn` holds whatever the bytes say; nothing here checks that it is a valid instruction.
/// `lddw` spans two slots, the second holding the high half of its immediate.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RawInsn {
    /// The opcode byte.
    pub code: u8,
    /// Destination register number, 0 to 15 (only 0 to 10 are valid).
    pub dst: u8,
    /// Source register number, 0 to 15; some instructions use it as a pseudo source selector.
    pub src: u8,
    /// Signed 16-bit offset.
    pub off: i16,
    /// Signed 32-bit immediate.
    pub imm: i32,
}

impl RawInsn {
    /// Builds a slot from its fields. `dst` and `src` are truncated to 4 bits when encoded.
    pub const fn new(code: u8, dst: u8, src: u8, off: i16, imm: i32) -> RawInsn {
        RawInsn {
            code,
            dst,
            src,
            off,
            imm,
        }
    }

    /// Reads a slot from its 8 little-endian bytes.
    pub const fn from_bytes(bytes: [u8; 8]) -> RawInsn {
        RawInsn {
            code: bytes[0],
            dst: bytes[1] & 0x0f,
            src: bytes[1] >> 4,
            off: i16::from_le_bytes([bytes[2], bytes[3]]),
            imm: i32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]),
        }
    }

    /// Writes the slot as 8 little-endian bytes.
    pub const fn to_bytes(self) -> [u8; 8] {
        let off = self.off.to_le_bytes();
        let imm = self.imm.to_le_bytes();
        [
            self.code,
            (self.dst & 0x0f) | (self.src << 4),
            off[0],
            off[1],
            imm[0],
            imm[1],
            imm[2],
            imm[3],
        ]
    }

    /// Reads the slot from a 64-bit word in the conformance suite's `-- raw` form, where the
    /// opcode is the least significant byte.
    pub const fn from_u64(word: u64) -> RawInsn {
        RawInsn::from_bytes(word.to_le_bytes())
    }

    /// The slot as a 64-bit word with the opcode in the least significant byte.
    pub const fn to_u64(self) -> u64 {
        u64::from_le_bytes(self.to_bytes())
    }
}

impl fmt::Debug for RawInsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RawInsn {{ code: {:#04x}, dst: {}, src: {}, off: {}, imm: {} }}",
            self.code, self.dst, self.src, self.off, self.imm
        )
    }
}

/// Splits bytecode into slots. Returns the byte length of the incomplete trailing slot as the
/// error when the length is not a multiple of 8.
pub fn slots_from_bytes(bytes: &[u8]) -> Result<Vec<RawInsn>, usize> {
    let chunks = bytes.chunks_exact(8);
    if !chunks.remainder().is_empty() {
        return Err(chunks.remainder().len());
    }
    Ok(chunks
        .map(|chunk| {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            RawInsn::from_bytes(word)
        })
        .collect())
}

/// Joins slots back into bytecode.
pub fn slots_to_bytes(slots: &[RawInsn]) -> Vec<u8> {
    slots.iter().flat_map(|slot| slot.to_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip() {
        let insn = RawInsn::new(0x61, 3, 10, -8, -1);
        assert_eq!(
            insn.to_bytes(),
            [0x61, 0xa3, 0xf8, 0xff, 0xff, 0xff, 0xff, 0xff]
        );
        assert_eq!(RawInsn::from_bytes(insn.to_bytes()), insn);
    }

    #[test]
    fn conformance_word_has_opcode_in_low_byte() {
        let insn = RawInsn::from_u64(0x5566778800000018);
        assert_eq!(insn.code, 0x18);
        assert_eq!(insn.imm as u32, 0x55667788);
        assert_eq!(insn.to_u64(), 0x5566778800000018);
    }

    #[test]
    fn truncated_bytecode_is_reported() {
        assert_eq!(slots_from_bytes(&[0; 12]), Err(4));
        assert_eq!(slots_from_bytes(&[0; 16]).map(|s| s.len()), Ok(2));
    }
}

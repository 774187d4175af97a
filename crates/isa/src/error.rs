//! Errors of decoding and validating bytecode; each names the instruction slot it is about.

use thiserror::Error;

/// Why bytecode was refused, and at which instruction slot (`insn_idx`, byte offset
/// `insn_idx * 8`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("instruction #{insn_idx} (byte offset {byte_offset}): {kind}", byte_offset = insn_idx * 8)]
pub struct DecodeError {
    /// Index of the offending 8-byte slot.
    pub insn_idx: usize,
    /// What is wrong with it.
    pub kind: DecodeErrorKind,
}

/// What is wrong with an instruction.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeErrorKind {
    #[error("bytecode length is not a multiple of 8 ({trailing} trailing bytes)")]
    TruncatedSlot { trailing: usize },
    #[error("program has no instructions")]
    Empty,
    #[error("unknown opcode {code:#04x}")]
    UnknownOpcode { code: u8 },
    #[error("invalid {field} register r{number} in opcode {code:#04x} (registers are r0 to r10)")]
    BadRegister {
        code: u8,
        field: &'static str,
        number: u8,
    },
    #[error("reserved field {field} of opcode {code:#04x} must be {expected}, found {found}")]
    ReservedField {
        code: u8,
        field: &'static str,
        expected: &'static str,
        found: i64,
    },
    #[error("invalid {field} value {found} for opcode {code:#04x}")]
    BadField {
        code: u8,
        field: &'static str,
        found: i64,
    },
    #[error("lddw needs two slots but the program ends after its first")]
    TruncatedLdImm64,
    #[error("second slot of lddw must have opcode 0 and zero registers and offset, found {found}")]
    BadLdImm64Tail { found: String },
    #[error("{what} target {target} is outside the program (0 to {last})")]
    TargetOutOfProgram {
        what: &'static str,
        target: i64,
        last: usize,
    },
    #[error("{what} target {target} is the second slot of the lddw at {lddw_idx}")]
    TargetInsideLdImm64 {
        what: &'static str,
        target: usize,
        lddw_idx: usize,
    },
}

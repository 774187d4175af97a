//! The eBPF instruction set (RFC 9669 plus the Linux extensions): encoding, decoding and the two
//! text forms.
//!
//! - [`RawInsn`]: one 8-byte slot as it sits in memory.
//! - [`Instruction`]: one decoded instruction with typed operands; [`Instruction::encode`] and
//!   [`decode_at`] convert between the two, and decoding refuses every invalid encoding.
//! - [`Program`]: a whole program whose instructions all decode and whose branch targets all
//!   land on instructions inside it. Engines take a `Program`.
//! - [`asm`] and [`disasm`]: the LLVM/kernel text syntax (`r0 = *(u32 *)(r1 + 4)`) and the
//!   conformance suite's syntax (`ldxw %r0, [%r1+4]`).

#![forbid(unsafe_code)]

pub mod asm;
mod decode;
pub mod disasm;
mod encode;
mod error;
mod instruction;
pub mod opcode;
mod program;
mod raw;
pub mod semantics;
mod syntax;

pub use decode::decode_at;
pub use encode::{Encoded, encode_all};
pub use error::{DecodeError, DecodeErrorKind};
pub use instruction::{
    AluOp, AtomicOp, CallTarget, Endian, Instruction, JmpCond, LdImm64, Reg, Size, Source, Width,
};
pub use program::{Program, branch_target};
pub use raw::{RawInsn, slots_from_bytes, slots_to_bytes};
pub use syntax::Syntax;

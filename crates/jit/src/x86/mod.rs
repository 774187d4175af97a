//! x86-64 specifics: the assembler and the register mapping.

pub mod asm;
pub(crate) mod regs;

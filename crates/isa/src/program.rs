//! A whole program: a sequence of slots that decodes completely and whose every jump, local call
//! and code address lands on an instruction inside it.
//!
//! Invariants of a [`Program`] (checked by [`Program::from_slots`], relied on by the engines):
//! - it has at least one instruction;
//! - every slot is the start of a valid instruction or the second slot of a `lddw`;
//! - every branch target (`ja`, `ja32`, conditional jumps, `call` to a subprogram, `lddw` of a
//!   code address) is an instruction start inside the program.
//!
//! It does not promise that execution never falls off the end, that registers are initialised
//! or that memory accesses are in bounds: that is the verifier's job, and an engine running an
//! unverified `Program` must check those at run time.

use crate::decode::decode_at;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::instruction::{CallTarget, Instruction, LdImm64};
use crate::raw::{RawInsn, slots_from_bytes, slots_to_bytes};

/// A decoded, structurally valid program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    slots: Vec<RawInsn>,
    /// The decoded instructions in order, each with its first slot index.
    insns: Vec<(usize, Instruction)>,
}

impl Program {
    /// Decodes and validates bytecode.
    pub fn from_bytes(bytes: &[u8]) -> Result<Program, DecodeError> {
        let slots = slots_from_bytes(bytes).map_err(|trailing| DecodeError {
            insn_idx: bytes.len() / 8,
            kind: DecodeErrorKind::TruncatedSlot { trailing },
        })?;
        Program::from_slots(slots)
    }

    /// Decodes and validates a sequence of slots.
    pub fn from_slots(slots: Vec<RawInsn>) -> Result<Program, DecodeError> {
        if slots.is_empty() {
            return Err(DecodeError {
                insn_idx: 0,
                kind: DecodeErrorKind::Empty,
            });
        }
        let mut insns = Vec::with_capacity(slots.len());
        let mut insn_idx = 0;
        while insn_idx < slots.len() {
            let insn =
                decode_at(&slots[insn_idx..]).map_err(|kind| DecodeError { insn_idx, kind })?;
            insns.push((insn_idx, insn));
            insn_idx += insn.n_slots();
        }
        let program = Program { slots, insns };
        program.check_targets()?;
        Ok(program)
    }

    /// Builds a program from typed instructions, with the same validation as
    /// [`Program::from_slots`].
    pub fn from_instructions(insns: &[Instruction]) -> Result<Program, DecodeError> {
        Program::from_slots(crate::encode::encode_all(insns))
    }

    fn check_targets(&self) -> Result<(), DecodeError> {
        let n_slots = self.slots.len();
        // A target is bad if it is the second slot of an lddw; mark those.
        let mut lddw_tail_of = vec![None; n_slots];
        for &(insn_idx, insn) in &self.insns {
            if insn.n_slots() == 2 {
                lddw_tail_of[insn_idx + 1] = Some(insn_idx);
            }
        }
        for &(insn_idx, insn) in &self.insns {
            let Some(offset) = insn.branch_offset() else {
                continue;
            };
            let what = match insn {
                Instruction::Call(CallTarget::Local(_)) => "call",
                Instruction::LdImm64 {
                    value: LdImm64::Func(_),
                    ..
                } => "code address",
                _ => "jump",
            };
            let target = insn_idx as i64 + 1 + offset;
            let error = |kind| DecodeError { insn_idx, kind };
            if target < 0 || target >= n_slots as i64 {
                return Err(error(DecodeErrorKind::TargetOutOfProgram {
                    what,
                    target,
                    last: n_slots - 1,
                }));
            }
            if let Some(lddw_idx) = lddw_tail_of[target as usize] {
                return Err(error(DecodeErrorKind::TargetInsideLdImm64 {
                    what,
                    target: target as usize,
                    lddw_idx,
                }));
            }
        }
        Ok(())
    }

    /// The raw slots.
    pub fn slots(&self) -> &[RawInsn] {
        &self.slots
    }

    /// Number of 8-byte slots (`lddw` counts twice).
    pub fn n_slots(&self) -> usize {
        self.slots.len()
    }

    /// The instructions, each with the index of its first slot.
    pub fn insns(&self) -> &[(usize, Instruction)] {
        &self.insns
    }

    /// The bytecode.
    pub fn to_bytes(&self) -> Vec<u8> {
        slots_to_bytes(&self.slots)
    }
}

/// The slot a branch at `insn_idx` with this relative `offset` lands on, if it is not negative.
pub fn branch_target(insn_idx: usize, offset: i64) -> Option<usize> {
    usize::try_from(insn_idx as i64 + 1 + offset).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruction::{Reg, Source};

    fn bytes(words: &[u64]) -> Vec<u8> {
        words
            .iter()
            .flat_map(|w| RawInsn::from_u64(*w).to_bytes())
            .collect()
    }

    #[test]
    fn decodes_lddw_and_exit() {
        let program =
            Program::from_bytes(&bytes(&[0x5566778800000018, 0x1122334400000000, 0x95])).unwrap();
        assert_eq!(program.n_slots(), 3);
        assert_eq!(
            program.insns()[0],
            (
                0,
                Instruction::LdImm64 {
                    dst: Reg::R0,
                    value: LdImm64::Imm(0x1122334455667788)
                }
            )
        );
        assert_eq!(program.insns()[1], (2, Instruction::Exit));
    }

    #[test]
    fn refuses_truncated_lddw() {
        let error = Program::from_bytes(&bytes(&[0x95, 0x18])).unwrap_err();
        assert_eq!(
            error,
            DecodeError {
                insn_idx: 1,
                kind: DecodeErrorKind::TruncatedLdImm64
            }
        );
    }

    #[test]
    fn refuses_jump_into_lddw() {
        // ja +1 lands on the second slot of the lddw at 1.
        let error = Program::from_bytes(&bytes(&[0x0001_0005, 0x18, 0, 0x95])).unwrap_err();
        assert_eq!(error.insn_idx, 0);
        assert!(matches!(
            error.kind,
            DecodeErrorKind::TargetInsideLdImm64 { target: 2, .. }
        ));
    }

    #[test]
    fn refuses_jump_out_of_program() {
        let error = Program::from_bytes(&bytes(&[0x0005_0005, 0x95])).unwrap_err();
        assert!(matches!(
            error.kind,
            DecodeErrorKind::TargetOutOfProgram { target: 6, .. }
        ));
        let error = Program::from_bytes(&bytes(&[0xfffd_0005, 0x95])).unwrap_err();
        assert!(matches!(
            error.kind,
            DecodeErrorKind::TargetOutOfProgram { target: -2, .. }
        ));
    }

    #[test]
    fn refuses_truncated_bytes_and_empty_programs() {
        let error = Program::from_bytes(&[0x95, 0, 0, 0, 0, 0, 0, 0, 0x95]).unwrap_err();
        assert_eq!(error.kind, DecodeErrorKind::TruncatedSlot { trailing: 1 });
        assert_eq!(error.insn_idx, 1);
        assert_eq!(
            Program::from_bytes(&[]).unwrap_err().kind,
            DecodeErrorKind::Empty
        );
    }

    #[test]
    fn reports_the_slot_of_a_bad_register() {
        // mov r11, 1 at slot 1.
        let error =
            Program::from_bytes(&bytes(&[0x95, 0x0000_0001_0000_00b7 | 0xb00])).unwrap_err();
        assert_eq!(error.insn_idx, 1);
        assert!(matches!(
            error.kind,
            DecodeErrorKind::BadRegister { number: 11, .. }
        ));
        assert_eq!(
            error.to_string(),
            "instruction #1 (byte offset 8): invalid dst register r11 in opcode 0xb7 (registers are r0 to r10)"
        );
    }

    #[test]
    fn builds_from_instructions() {
        let program = Program::from_instructions(&[
            Instruction::Alu {
                width: crate::Width::W64,
                op: crate::AluOp::Mov,
                dst: Reg::R0,
                src: Source::Imm(1),
            },
            Instruction::Exit,
        ])
        .unwrap();
        assert_eq!(program.to_bytes()[0], 0xb7);
    }
}

//! Encoding [`Instruction`]s back into raw slots.

use crate::instruction::{
    AluOp, CallTarget, Endian, Instruction, JmpCond, LdImm64, Size, Source, Width,
};
use crate::opcode::*;
use crate::raw::RawInsn;

/// The one or two slots of an encoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoded {
    slots: [RawInsn; 2],
    len: usize,
}

impl Encoded {
    fn one(slot: RawInsn) -> Encoded {
        Encoded {
            slots: [slot, RawInsn::default()],
            len: 1,
        }
    }

    /// The slots, one or two.
    pub fn slots(&self) -> &[RawInsn] {
        &self.slots[..self.len]
    }
}

const fn width_class(width: Width, w32: u8, w64: u8) -> u8 {
    match width {
        Width::W32 => w32,
        Width::W64 => w64,
    }
}

/// The opcode bits of an access size.
pub(crate) const fn size_bits(size: Size) -> u8 {
    match size {
        Size::B => BPF_B,
        Size::H => BPF_H,
        Size::W => BPF_W,
        Size::DW => BPF_DW,
    }
}

/// The opcode bits of an arithmetic operation.
pub(crate) const fn alu_op_bits(op: AluOp) -> u8 {
    match op {
        AluOp::Add => BPF_ADD,
        AluOp::Sub => BPF_SUB,
        AluOp::Mul => BPF_MUL,
        AluOp::Div | AluOp::SDiv => BPF_DIV,
        AluOp::Or => BPF_OR,
        AluOp::And => BPF_AND,
        AluOp::Lsh => BPF_LSH,
        AluOp::Rsh => BPF_RSH,
        AluOp::Mod | AluOp::SMod => BPF_MOD,
        AluOp::Xor => BPF_XOR,
        AluOp::Mov => BPF_MOV,
        AluOp::Arsh => BPF_ARSH,
    }
}

/// The opcode bits of a jump condition.
pub(crate) const fn jmp_cond_bits(cond: JmpCond) -> u8 {
    match cond {
        JmpCond::Eq => BPF_JEQ,
        JmpCond::Gt => BPF_JGT,
        JmpCond::Ge => BPF_JGE,
        JmpCond::Set => BPF_JSET,
        JmpCond::Ne => BPF_JNE,
        JmpCond::SGt => BPF_JSGT,
        JmpCond::SGe => BPF_JSGE,
        JmpCond::Lt => BPF_JLT,
        JmpCond::Le => BPF_JLE,
        JmpCond::SLt => BPF_JSLT,
        JmpCond::SLe => BPF_JSLE,
    }
}

/// Source bit and (src register, imm) fields of a second operand.
const fn operand_fields(src: Source) -> (u8, u8, i32) {
    match src {
        Source::Reg(reg) => (BPF_X, reg.number(), 0),
        Source::Imm(imm) => (BPF_K, 0, imm),
    }
}

impl Instruction {
    /// Encodes the instruction into its one or two slots.
    pub fn encode(&self) -> Encoded {
        let raw = RawInsn::new;
        match *self {
            Instruction::Alu {
                width,
                op,
                dst,
                src,
            } => {
                let (source, src_reg, imm) = operand_fields(src);
                let off = matches!(op, AluOp::SDiv | AluOp::SMod) as i16;
                let code = width_class(width, BPF_ALU, BPF_ALU64) | alu_op_bits(op) | source;
                Encoded::one(raw(code, dst.number(), src_reg, off, imm))
            }
            Instruction::MovSx {
                width,
                bits,
                dst,
                src,
            } => {
                let code = width_class(width, BPF_ALU, BPF_ALU64) | BPF_MOV | BPF_X;
                Encoded::one(raw(code, dst.number(), src.number(), bits.into(), 0))
            }
            Instruction::Neg { width, dst } => {
                let code = width_class(width, BPF_ALU, BPF_ALU64) | BPF_NEG;
                Encoded::one(raw(code, dst.number(), 0, 0, 0))
            }
            Instruction::Endian { kind, bits, dst } => {
                let code = match kind {
                    Endian::ToLe => BPF_ALU | BPF_END | BPF_TO_LE,
                    Endian::ToBe => BPF_ALU | BPF_END | BPF_TO_BE,
                    Endian::Swap => BPF_ALU64 | BPF_END,
                };
                Encoded::one(raw(code, dst.number(), 0, 0, bits.into()))
            }
            Instruction::LdImm64 { dst, value } => {
                let (src, lo, hi) = match value {
                    LdImm64::Imm(value) => (
                        BPF_PSEUDO_IMM,
                        value as u32 as i32,
                        (value >> 32) as u32 as i32,
                    ),
                    LdImm64::MapFd(fd) => (BPF_PSEUDO_MAP_FD, fd, 0),
                    LdImm64::MapValue { fd, offset } => (BPF_PSEUDO_MAP_VALUE, fd, offset as i32),
                    LdImm64::BtfId { btf_id, btf_fd } => (BPF_PSEUDO_BTF_ID, btf_id, btf_fd),
                    LdImm64::Func(offset) => (BPF_PSEUDO_FUNC, offset, 0),
                    LdImm64::MapIdx(index) => (BPF_PSEUDO_MAP_IDX, index, 0),
                    LdImm64::MapIdxValue { index, offset } => {
                        (BPF_PSEUDO_MAP_IDX_VALUE, index, offset as i32)
                    }
                };
                Encoded {
                    slots: [
                        raw(BPF_LD | BPF_IMM | BPF_DW, dst.number(), src, 0, lo),
                        raw(0, 0, 0, 0, hi),
                    ],
                    len: 2,
                }
            }
            Instruction::Load {
                size,
                sign_extend,
                dst,
                src,
                off,
            } => {
                let mode = if sign_extend { BPF_MEMSX } else { BPF_MEM };
                let code = BPF_LDX | mode | size_bits(size);
                Encoded::one(raw(code, dst.number(), src.number(), off, 0))
            }
            Instruction::Store {
                size,
                dst,
                off,
                src,
            } => match src {
                Source::Reg(src) => {
                    let code = BPF_STX | BPF_MEM | size_bits(size);
                    Encoded::one(raw(code, dst.number(), src.number(), off, 0))
                }
                Source::Imm(imm) => {
                    let code = BPF_ST | BPF_MEM | size_bits(size);
                    Encoded::one(raw(code, dst.number(), 0, off, imm))
                }
            },
            Instruction::Atomic {
                size,
                op,
                dst,
                src,
                off,
            } => {
                let code = BPF_STX | BPF_ATOMIC | size_bits(size);
                Encoded::one(raw(code, dst.number(), src.number(), off, op.imm()))
            }
            Instruction::LoadAcquire {
                size,
                dst,
                src,
                off,
            } => {
                let code = BPF_STX | BPF_ATOMIC | size_bits(size);
                Encoded::one(raw(code, dst.number(), src.number(), off, BPF_LOAD_ACQ))
            }
            Instruction::StoreRelease {
                size,
                dst,
                src,
                off,
            } => {
                let code = BPF_STX | BPF_ATOMIC | size_bits(size);
                Encoded::one(raw(code, dst.number(), src.number(), off, BPF_STORE_REL))
            }
            Instruction::LdAbs { size, imm } => {
                Encoded::one(raw(BPF_LD | BPF_ABS | size_bits(size), 0, 0, 0, imm))
            }
            Instruction::LdInd { size, src, imm } => Encoded::one(raw(
                BPF_LD | BPF_IND | size_bits(size),
                0,
                src.number(),
                0,
                imm,
            )),
            Instruction::Ja { off } => Encoded::one(raw(BPF_JMP | BPF_JA, 0, 0, off, 0)),
            Instruction::Ja32 { imm } => Encoded::one(raw(BPF_JMP32 | BPF_JA, 0, 0, 0, imm)),
            Instruction::Jmp {
                width,
                cond,
                dst,
                src,
                off,
            } => {
                let (source, src_reg, imm) = operand_fields(src);
                let code = width_class(width, BPF_JMP32, BPF_JMP) | jmp_cond_bits(cond) | source;
                Encoded::one(raw(code, dst.number(), src_reg, off, imm))
            }
            Instruction::Call(target) => {
                let code = BPF_JMP | BPF_CALL;
                Encoded::one(match target {
                    CallTarget::Helper(id) => raw(code, 0, BPF_PSEUDO_HELPER_CALL, 0, id),
                    CallTarget::Local(offset) => raw(code, 0, BPF_PSEUDO_CALL, 0, offset),
                    CallTarget::Kfunc { btf_id, btf_fd_idx } => {
                        raw(code, 0, BPF_PSEUDO_KFUNC_CALL, btf_fd_idx, btf_id)
                    }
                })
            }
            Instruction::CallX { reg } => {
                Encoded::one(raw(BPF_JMP | BPF_CALL | BPF_X, reg.number(), 0, 0, 0))
            }
            Instruction::Exit => Encoded::one(raw(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)),
        }
    }
}

/// Encodes a sequence of instructions into slots.
pub fn encode_all<'a>(insns: impl IntoIterator<Item = &'a Instruction>) -> Vec<RawInsn> {
    let mut slots = Vec::new();
    for insn in insns {
        slots.extend_from_slice(insn.encode().slots());
    }
    slots
}

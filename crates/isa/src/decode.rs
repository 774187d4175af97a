//! Decoding raw slots into [`Instruction`]s, refusing every encoding the kernel would refuse:
//! unknown opcodes, registers above `r10`, and non-zero reserved fields.
//!
//! Invariant: for every slot sequence `decode_at` accepts, [`Instruction::encode`] gives back the
//! same slots. The unit tests and the property tests check this.

use crate::error::DecodeErrorKind as Kind;
use crate::instruction::{
    AluOp, AtomicOp, CallTarget, Endian, Instruction, JmpCond, LdImm64, Reg, Size, Source, Width,
};
use crate::opcode::*;
use crate::raw::RawInsn;

/// Decodes the instruction starting at `slots[0]`; `lddw` also reads `slots[1]`.
///
/// Errors name the problem but not the position; [`crate::Program`] adds the slot index.
pub fn decode_at(slots: &[RawInsn]) -> Result<Instruction, Kind> {
    let Some(&insn) = slots.first() else {
        return Err(Kind::Empty);
    };
    match class(insn.code) {
        BPF_ALU | BPF_ALU64 => decode_alu(insn),
        BPF_JMP | BPF_JMP32 => decode_jmp(insn),
        BPF_LD => decode_ld(insn, slots.get(1).copied()),
        BPF_LDX => decode_ldx(insn),
        BPF_ST => decode_st(insn),
        _ => decode_stx(insn),
    }
}

fn reg(insn: RawInsn, field: &'static str, number: u8) -> Result<Reg, Kind> {
    Reg::new(number).ok_or(Kind::BadRegister {
        code: insn.code,
        field,
        number,
    })
}

fn dst(insn: RawInsn) -> Result<Reg, Kind> {
    reg(insn, "dst", insn.dst)
}

fn src(insn: RawInsn) -> Result<Reg, Kind> {
    reg(insn, "src", insn.src)
}

fn zero(insn: RawInsn, field: &'static str, value: i64) -> Result<(), Kind> {
    if value == 0 {
        Ok(())
    } else {
        Err(Kind::ReservedField {
            code: insn.code,
            field,
            expected: "0",
            found: value,
        })
    }
}

fn zero_dst(insn: RawInsn) -> Result<(), Kind> {
    zero(insn, "dst", i64::from(insn.dst))
}

fn zero_src(insn: RawInsn) -> Result<(), Kind> {
    zero(insn, "src", i64::from(insn.src))
}

fn zero_off(insn: RawInsn) -> Result<(), Kind> {
    zero(insn, "off", i64::from(insn.off))
}

fn zero_imm(insn: RawInsn) -> Result<(), Kind> {
    zero(insn, "imm", i64::from(insn.imm))
}

fn unknown(insn: RawInsn) -> Kind {
    Kind::UnknownOpcode { code: insn.code }
}

/// The second operand of an ALU or jump: a register (`BPF_X`, `imm` must be 0) or the immediate
/// (`BPF_K`, `src` must be 0).
fn operand(insn: RawInsn) -> Result<Source, Kind> {
    if source(insn.code) == BPF_X {
        zero_imm(insn)?;
        Ok(Source::Reg(src(insn)?))
    } else {
        zero_src(insn)?;
        Ok(Source::Imm(insn.imm))
    }
}

fn decode_alu(insn: RawInsn) -> Result<Instruction, Kind> {
    let width = if class(insn.code) == BPF_ALU64 {
        Width::W64
    } else {
        Width::W32
    };
    let dst = dst(insn)?;
    let op = match op(insn.code) {
        BPF_ADD => AluOp::Add,
        BPF_SUB => AluOp::Sub,
        BPF_MUL => AluOp::Mul,
        BPF_OR => AluOp::Or,
        BPF_AND => AluOp::And,
        BPF_LSH => AluOp::Lsh,
        BPF_RSH => AluOp::Rsh,
        BPF_XOR => AluOp::Xor,
        BPF_ARSH => AluOp::Arsh,
        BPF_DIV | BPF_MOD => {
            let signed = match insn.off {
                0 => false,
                1 => true,
                found => {
                    return Err(Kind::BadField {
                        code: insn.code,
                        field: "off",
                        found: found.into(),
                    });
                }
            };
            let op = match (op(insn.code), signed) {
                (BPF_DIV, false) => AluOp::Div,
                (BPF_DIV, true) => AluOp::SDiv,
                (_, false) => AluOp::Mod,
                (_, true) => AluOp::SMod,
            };
            return Ok(Instruction::Alu {
                width,
                op,
                dst,
                src: operand(insn)?,
            });
        }
        BPF_MOV => {
            if source(insn.code) == BPF_X && insn.off != 0 {
                let bits = match (insn.off, width) {
                    (8 | 16, _) | (32, Width::W64) => insn.off as u8,
                    (found, _) => {
                        return Err(Kind::BadField {
                            code: insn.code,
                            field: "off",
                            found: found.into(),
                        });
                    }
                };
                zero_imm(insn)?;
                return Ok(Instruction::MovSx {
                    width,
                    bits,
                    dst,
                    src: src(insn)?,
                });
            }
            AluOp::Mov
        }
        BPF_NEG => {
            if source(insn.code) == BPF_X {
                return Err(unknown(insn));
            }
            zero_src(insn)?;
            zero_off(insn)?;
            zero_imm(insn)?;
            return Ok(Instruction::Neg { width, dst });
        }
        BPF_END => {
            let kind = match (width, source(insn.code)) {
                (Width::W32, BPF_TO_LE) => Endian::ToLe,
                (Width::W32, _) => Endian::ToBe,
                (Width::W64, BPF_K) => Endian::Swap,
                (Width::W64, _) => return Err(unknown(insn)),
            };
            zero_src(insn)?;
            zero_off(insn)?;
            let bits = match insn.imm {
                16 | 32 | 64 => insn.imm as u8,
                found => {
                    return Err(Kind::BadField {
                        code: insn.code,
                        field: "imm",
                        found: found.into(),
                    });
                }
            };
            return Ok(Instruction::Endian { kind, bits, dst });
        }
        _ => return Err(unknown(insn)),
    };
    zero_off(insn)?;
    Ok(Instruction::Alu {
        width,
        op,
        dst,
        src: operand(insn)?,
    })
}

fn decode_jmp(insn: RawInsn) -> Result<Instruction, Kind> {
    let is_jmp64 = class(insn.code) == BPF_JMP;
    let width = if is_jmp64 { Width::W64 } else { Width::W32 };
    let cond = match op(insn.code) {
        BPF_JA => {
            if source(insn.code) == BPF_X {
                return Err(unknown(insn));
            }
            zero_dst(insn)?;
            zero_src(insn)?;
            return if is_jmp64 {
                zero_imm(insn)?;
                Ok(Instruction::Ja { off: insn.off })
            } else {
                zero_off(insn)?;
                Ok(Instruction::Ja32 { imm: insn.imm })
            };
        }
        BPF_CALL if is_jmp64 => return decode_call(insn),
        BPF_EXIT if is_jmp64 && source(insn.code) == BPF_K => {
            zero_dst(insn)?;
            zero_src(insn)?;
            zero_off(insn)?;
            zero_imm(insn)?;
            return Ok(Instruction::Exit);
        }
        BPF_JEQ => JmpCond::Eq,
        BPF_JGT => JmpCond::Gt,
        BPF_JGE => JmpCond::Ge,
        BPF_JSET => JmpCond::Set,
        BPF_JNE => JmpCond::Ne,
        BPF_JSGT => JmpCond::SGt,
        BPF_JSGE => JmpCond::SGe,
        BPF_JLT => JmpCond::Lt,
        BPF_JLE => JmpCond::Le,
        BPF_JSLT => JmpCond::SLt,
        BPF_JSLE => JmpCond::SLe,
        _ => return Err(unknown(insn)),
    };
    Ok(Instruction::Jmp {
        width,
        cond,
        dst: dst(insn)?,
        src: operand(insn)?,
        off: insn.off,
    })
}

fn decode_call(insn: RawInsn) -> Result<Instruction, Kind> {
    if source(insn.code) == BPF_X {
        // callx: the register holding the target is in dst (as LLVM and RFC 9669 encode it).
        zero_src(insn)?;
        zero_off(insn)?;
        zero_imm(insn)?;
        return Ok(Instruction::CallX { reg: dst(insn)? });
    }
    zero_dst(insn)?;
    let target = match insn.src {
        BPF_PSEUDO_HELPER_CALL => {
            zero_off(insn)?;
            CallTarget::Helper(insn.imm)
        }
        BPF_PSEUDO_CALL => {
            zero_off(insn)?;
            CallTarget::Local(insn.imm)
        }
        BPF_PSEUDO_KFUNC_CALL => CallTarget::Kfunc {
            btf_id: insn.imm,
            btf_fd_idx: insn.off,
        },
        found => {
            return Err(Kind::BadField {
                code: insn.code,
                field: "src",
                found: found.into(),
            });
        }
    };
    Ok(Instruction::Call(target))
}

fn decode_size(insn: RawInsn) -> Size {
    match size(insn.code) {
        BPF_W => Size::W,
        BPF_H => Size::H,
        BPF_B => Size::B,
        _ => Size::DW,
    }
}

fn decode_ld(insn: RawInsn, next: Option<RawInsn>) -> Result<Instruction, Kind> {
    let size = decode_size(insn);
    match (mode(insn.code), size) {
        (BPF_IMM, Size::DW) => decode_ld_imm64(insn, next),
        (BPF_ABS, Size::B | Size::H | Size::W) => {
            zero_dst(insn)?;
            zero_src(insn)?;
            zero_off(insn)?;
            Ok(Instruction::LdAbs {
                size,
                imm: insn.imm,
            })
        }
        (BPF_IND, Size::B | Size::H | Size::W) => {
            zero_dst(insn)?;
            zero_off(insn)?;
            Ok(Instruction::LdInd {
                size,
                src: src(insn)?,
                imm: insn.imm,
            })
        }
        _ => Err(unknown(insn)),
    }
}

fn decode_ld_imm64(insn: RawInsn, next: Option<RawInsn>) -> Result<Instruction, Kind> {
    let dst = dst(insn)?;
    zero_off(insn)?;
    let next = next.ok_or(Kind::TruncatedLdImm64)?;
    if next.code != 0 || next.dst != 0 || next.src != 0 || next.off != 0 {
        return Err(Kind::BadLdImm64Tail {
            found: format!("{next:?}"),
        });
    }
    let lo = insn.imm;
    let hi = next.imm;
    let require_zero_hi = || {
        if hi == 0 {
            Ok(())
        } else {
            Err(Kind::ReservedField {
                code: insn.code,
                field: "second imm",
                expected: "0",
                found: hi.into(),
            })
        }
    };
    let value = match insn.src {
        BPF_PSEUDO_IMM => LdImm64::Imm((lo as u32 as u64) | ((hi as u32 as u64) << 32)),
        BPF_PSEUDO_MAP_FD => {
            require_zero_hi()?;
            LdImm64::MapFd(lo)
        }
        BPF_PSEUDO_MAP_VALUE => LdImm64::MapValue {
            fd: lo,
            offset: hi as u32,
        },
        BPF_PSEUDO_BTF_ID => LdImm64::BtfId {
            btf_id: lo,
            btf_fd: hi,
        },
        BPF_PSEUDO_FUNC => {
            require_zero_hi()?;
            LdImm64::Func(lo)
        }
        BPF_PSEUDO_MAP_IDX => {
            require_zero_hi()?;
            LdImm64::MapIdx(lo)
        }
        BPF_PSEUDO_MAP_IDX_VALUE => LdImm64::MapIdxValue {
            index: lo,
            offset: hi as u32,
        },
        found => {
            return Err(Kind::BadField {
                code: insn.code,
                field: "src",
                found: found.into(),
            });
        }
    };
    Ok(Instruction::LdImm64 { dst, value })
}

fn decode_ldx(insn: RawInsn) -> Result<Instruction, Kind> {
    let size = decode_size(insn);
    let sign_extend = match (mode(insn.code), size) {
        (BPF_MEM, _) => false,
        (BPF_MEMSX, Size::B | Size::H | Size::W) => true,
        _ => return Err(unknown(insn)),
    };
    zero_imm(insn)?;
    Ok(Instruction::Load {
        size,
        sign_extend,
        dst: dst(insn)?,
        src: src(insn)?,
        off: insn.off,
    })
}

fn decode_st(insn: RawInsn) -> Result<Instruction, Kind> {
    if mode(insn.code) != BPF_MEM {
        return Err(unknown(insn));
    }
    zero_src(insn)?;
    Ok(Instruction::Store {
        size: decode_size(insn),
        dst: dst(insn)?,
        off: insn.off,
        src: Source::Imm(insn.imm),
    })
}

fn decode_stx(insn: RawInsn) -> Result<Instruction, Kind> {
    let size = decode_size(insn);
    let (dst, src, off) = (dst(insn)?, src(insn)?, insn.off);
    match mode(insn.code) {
        BPF_MEM => {
            zero_imm(insn)?;
            Ok(Instruction::Store {
                size,
                dst,
                off,
                src: Source::Reg(src),
            })
        }
        BPF_ATOMIC => {
            match insn.imm {
                // Load-acquire writes its dst register from memory at src + off.
                BPF_LOAD_ACQ => {
                    return Ok(Instruction::LoadAcquire {
                        size,
                        dst,
                        src,
                        off,
                    });
                }
                BPF_STORE_REL => {
                    return Ok(Instruction::StoreRelease {
                        size,
                        dst,
                        src,
                        off,
                    });
                }
                _ => {}
            }
            if !matches!(size, Size::W | Size::DW) {
                return Err(Kind::BadField {
                    code: insn.code,
                    field: "imm",
                    found: insn.imm.into(),
                });
            }
            let fetch = insn.imm & BPF_FETCH != 0;
            let op = match insn.imm {
                BPF_XCHG => AtomicOp::Xchg,
                BPF_CMPXCHG => AtomicOp::CmpXchg,
                0x00 | 0x01 => AtomicOp::Add { fetch },
                0x40 | 0x41 => AtomicOp::Or { fetch },
                0x50 | 0x51 => AtomicOp::And { fetch },
                0xa0 | 0xa1 => AtomicOp::Xor { fetch },
                found => {
                    return Err(Kind::BadField {
                        code: insn.code,
                        field: "imm",
                        found: found.into(),
                    });
                }
            };
            Ok(Instruction::Atomic {
                size,
                op,
                dst,
                src,
                off,
            })
        }
        _ => Err(unknown(insn)),
    }
}

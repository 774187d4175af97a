//! Printing instructions in the conformance suite's syntax.
//!
//! Mnemonics follow the suite's assembler (`add32`, `ldxdw`, `jsgt`, `lock fetch add`). Where the
//! suite has no spelling, the names follow uBPF (`ldabsw`, `ldindh`) or are Sluice's own, built
//! the same way (`ldacqw` for load-acquire, `strelw` for store-release, `call runtime N` for a
//! kernel function as in the suite's assembler). Every line parses back to the same bytes.

use crate::disasm::llvm::ld_imm64_value;
use crate::instruction::{
    AluOp, AtomicOp, CallTarget, Endian, Instruction, JmpCond, Reg, Size, Source, Width,
};

fn reg(reg: Reg) -> String {
    format!("%r{}", reg.number())
}

fn operand(src: Source) -> String {
    match src {
        Source::Reg(src) => reg(src),
        Source::Imm(imm) => imm.to_string(),
    }
}

fn suffix(width: Width) -> &'static str {
    match width {
        Width::W32 => "32",
        Width::W64 => "",
    }
}

pub(crate) fn alu_mnemonic(op: AluOp) -> &'static str {
    match op {
        AluOp::Add => "add",
        AluOp::Sub => "sub",
        AluOp::Mul => "mul",
        AluOp::Div => "div",
        AluOp::SDiv => "sdiv",
        AluOp::Or => "or",
        AluOp::And => "and",
        AluOp::Lsh => "lsh",
        AluOp::Rsh => "rsh",
        AluOp::Mod => "mod",
        AluOp::SMod => "smod",
        AluOp::Xor => "xor",
        AluOp::Mov => "mov",
        AluOp::Arsh => "arsh",
    }
}

pub(crate) fn jmp_mnemonic(cond: JmpCond) -> &'static str {
    match cond {
        JmpCond::Eq => "jeq",
        JmpCond::Gt => "jgt",
        JmpCond::Ge => "jge",
        JmpCond::Set => "jset",
        JmpCond::Ne => "jne",
        JmpCond::SGt => "jsgt",
        JmpCond::SGe => "jsge",
        JmpCond::Lt => "jlt",
        JmpCond::Le => "jle",
        JmpCond::SLt => "jslt",
        JmpCond::SLe => "jsle",
    }
}

pub(crate) fn size_suffix(size: Size) -> &'static str {
    match size {
        Size::B => "b",
        Size::H => "h",
        Size::W => "w",
        Size::DW => "dw",
    }
}

/// `[%r1+4]` or `[%r10-8]`.
fn address(base: Reg, off: i16) -> String {
    if off < 0 {
        format!("[{}-{}]", reg(base), i32::from(off).unsigned_abs())
    } else {
        format!("[{}+{off}]", reg(base))
    }
}

fn relative(offset: i64) -> String {
    format!("{offset:+}")
}

/// Formats one instruction. Jump and call targets are relative slot offsets.
pub(crate) fn format(insn: &Instruction) -> String {
    match *insn {
        Instruction::Alu {
            width,
            op,
            dst,
            src,
        } => {
            format!(
                "{}{} {}, {}",
                alu_mnemonic(op),
                suffix(width),
                reg(dst),
                operand(src)
            )
        }
        Instruction::MovSx {
            width,
            bits,
            dst,
            src,
        } => {
            let width_bits = if width == Width::W32 { 32 } else { 64 };
            format!("movsx{bits}{width_bits} {}, {}", reg(dst), reg(src))
        }
        Instruction::Neg { width, dst } => format!("neg{} {}", suffix(width), reg(dst)),
        Instruction::Endian { kind, bits, dst } => {
            let name = match kind {
                Endian::ToLe => "le",
                Endian::ToBe => "be",
                Endian::Swap => "bswap",
            };
            format!("{name}{bits} {}", reg(dst))
        }
        Instruction::LdImm64 { dst, value } => {
            format!("lddw {}, {}", reg(dst), ld_imm64_value(value))
        }
        Instruction::Load {
            size,
            sign_extend,
            dst,
            src,
            off,
        } => {
            let s = if sign_extend { "s" } else { "" };
            format!(
                "ldx{s}{} {}, {}",
                size_suffix(size),
                reg(dst),
                address(src, off)
            )
        }
        Instruction::Store {
            size,
            dst,
            off,
            src,
        } => {
            let x = if matches!(src, Source::Reg(_)) {
                "x"
            } else {
                ""
            };
            format!(
                "st{x}{} {}, {}",
                size_suffix(size),
                address(dst, off),
                operand(src)
            )
        }
        Instruction::Atomic {
            size,
            op,
            dst,
            src,
            off,
        } => {
            let width = if size == Size::DW { "" } else { "32" };
            let (fetch, name) = match op {
                AtomicOp::Add { fetch } => (fetch, "add"),
                AtomicOp::Or { fetch } => (fetch, "or"),
                AtomicOp::And { fetch } => (fetch, "and"),
                AtomicOp::Xor { fetch } => (fetch, "xor"),
                AtomicOp::Xchg => (false, "xchg"),
                AtomicOp::CmpXchg => (false, "cmpxchg"),
            };
            let fetch = if fetch { "fetch " } else { "" };
            format!(
                "lock {fetch}{name}{width} {}, {}",
                address(dst, off),
                reg(src)
            )
        }
        Instruction::LoadAcquire {
            size,
            dst,
            src,
            off,
        } => {
            format!(
                "ldacq{} {}, {}",
                size_suffix(size),
                reg(dst),
                address(src, off)
            )
        }
        Instruction::StoreRelease {
            size,
            dst,
            src,
            off,
        } => {
            format!(
                "strel{} {}, {}",
                size_suffix(size),
                address(dst, off),
                reg(src)
            )
        }
        Instruction::LdAbs { size, imm } => format!("ldabs{} {imm}", size_suffix(size)),
        Instruction::LdInd { size, src, imm } => {
            format!("ldind{} {}, {imm}", size_suffix(size), reg(src))
        }
        Instruction::Ja { off } => format!("ja {}", relative(off.into())),
        Instruction::Ja32 { imm } => format!("ja32 {}", relative(imm.into())),
        Instruction::Jmp {
            width,
            cond,
            dst,
            src,
            off,
        } => format!(
            "{}{} {}, {}, {}",
            jmp_mnemonic(cond),
            suffix(width),
            reg(dst),
            operand(src),
            relative(off.into())
        ),
        Instruction::Call(CallTarget::Helper(id)) => format!("call {id}"),
        Instruction::Call(CallTarget::Local(offset)) => {
            format!("call local {}", relative(offset.into()))
        }
        Instruction::Call(CallTarget::Kfunc { btf_id, btf_fd_idx }) => {
            if btf_fd_idx == 0 {
                format!("call runtime {btf_id}")
            } else {
                format!("call runtime {btf_id}, {btf_fd_idx}")
            }
        }
        Instruction::CallX { reg: target } => format!("call {}", reg(target)),
        Instruction::Exit => "exit".to_string(),
    }
}

//! Printing instructions in the LLVM/kernel syntax.
//!
//! The output follows `llvm-objdump -d --no-print-imm-hex` where LLVM has a spelling, the kernel
//! verifier log where only the kernel has one (`call pc+3`, `skb[r1 + 4]`), and bpftool for
//! `lddw` pseudo values (`map[fd:5]`). Every line parses back to the same bytes with
//! [`crate::asm::assemble`].

use std::fmt::Write;

use crate::instruction::{
    AluOp, AtomicOp, CallTarget, Endian, Instruction, JmpCond, LdImm64, Reg, Size, Source, Width,
};

/// `r3` or `w3`.
fn reg(width: Width, reg: Reg) -> String {
    match width {
        Width::W32 => format!("w{}", reg.number()),
        Width::W64 => format!("r{}", reg.number()),
    }
}

fn operand(width: Width, src: Source) -> String {
    match src {
        Source::Reg(src) => reg(width, src),
        Source::Imm(imm) => imm.to_string(),
    }
}

pub(crate) fn alu_op_token(op: AluOp) -> &'static str {
    match op {
        AluOp::Add => "+=",
        AluOp::Sub => "-=",
        AluOp::Mul => "*=",
        AluOp::Div => "/=",
        AluOp::SDiv => "s/=",
        AluOp::Or => "|=",
        AluOp::And => "&=",
        AluOp::Lsh => "<<=",
        AluOp::Rsh => ">>=",
        AluOp::Mod => "%=",
        AluOp::SMod => "s%=",
        AluOp::Xor => "^=",
        AluOp::Mov => "=",
        AluOp::Arsh => "s>>=",
    }
}

pub(crate) fn cond_token(cond: JmpCond) -> &'static str {
    match cond {
        JmpCond::Eq => "==",
        JmpCond::Gt => ">",
        JmpCond::Ge => ">=",
        JmpCond::Set => "&",
        JmpCond::Ne => "!=",
        JmpCond::SGt => "s>",
        JmpCond::SGe => "s>=",
        JmpCond::Lt => "<",
        JmpCond::Le => "<=",
        JmpCond::SLt => "s<",
        JmpCond::SLe => "s<=",
    }
}

fn unsigned_type(size: Size) -> &'static str {
    match size {
        Size::B => "u8",
        Size::H => "u16",
        Size::W => "u32",
        Size::DW => "u64",
    }
}

fn signed_type(size: Size) -> &'static str {
    match size {
        Size::B => "s8",
        Size::H => "s16",
        Size::W => "s32",
        Size::DW => "s64",
    }
}

/// `(r1 + 4)` or `(r10 - 8)`.
fn address(base: Reg, off: i16) -> String {
    let sign = if off < 0 { '-' } else { '+' };
    format!("({base} {sign} {})", i32::from(off).unsigned_abs())
}

/// `+3` or `-3`.
fn relative(offset: i64) -> String {
    format!("{offset:+}")
}

fn atomic_width(size: Size) -> Width {
    if size == Size::DW {
        Width::W64
    } else {
        Width::W32
    }
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
                "{} {} {}",
                reg(width, dst),
                alu_op_token(op),
                operand(width, src)
            )
        }
        Instruction::MovSx {
            width,
            bits,
            dst,
            src,
        } => {
            format!("{} = (s{bits}){}", reg(width, dst), reg(width, src))
        }
        Instruction::Neg { width, dst } => format!("{} = -{}", reg(width, dst), reg(width, dst)),
        Instruction::Endian { kind, bits, dst } => {
            let name = match kind {
                Endian::ToLe => "le",
                Endian::ToBe => "be",
                Endian::Swap => "bswap",
            };
            format!("{dst} = {name}{bits} {dst}")
        }
        Instruction::LdImm64 {
            dst,
            value: LdImm64::Imm(imm),
        } => format!("{dst} = {imm:#x} ll"),
        Instruction::LdImm64 { dst, value } => format!("{dst} = {}", ld_imm64_value(value)),
        Instruction::Load {
            size,
            sign_extend,
            dst,
            src,
            off,
        } => {
            let ty = if sign_extend {
                signed_type(size)
            } else {
                unsigned_type(size)
            };
            format!("{dst} = *({ty} *){}", address(src, off))
        }
        Instruction::Store {
            size,
            dst,
            off,
            src,
        } => {
            format!(
                "*({} *){} = {}",
                unsigned_type(size),
                address(dst, off),
                operand(Width::W64, src)
            )
        }
        Instruction::Atomic {
            size,
            op,
            dst,
            src,
            off,
        } => format_atomic(size, op, dst, src, off),
        Instruction::LoadAcquire {
            size,
            dst,
            src,
            off,
        } => {
            format!(
                "{dst} = load_acquire(({} *){})",
                unsigned_type(size),
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
                "store_release(({} *){}, {src})",
                unsigned_type(size),
                address(dst, off)
            )
        }
        Instruction::LdAbs { size, imm } => format!("r0 = *({} *)skb[{imm}]", unsigned_type(size)),
        // Without an immediate, LLVM's spelling `skb[r1]`; LLVM reads no form with one.
        Instruction::LdInd { size, src, imm: 0 } => {
            format!("r0 = *({} *)skb[{src}]", unsigned_type(size))
        }
        Instruction::LdInd { size, src, imm } => {
            let sign = if imm < 0 { '-' } else { '+' };
            format!(
                "r0 = *({} *)skb[{src} {sign} {}]",
                unsigned_type(size),
                imm.unsigned_abs()
            )
        }
        Instruction::Ja { off } => format!("goto {}", relative(off.into())),
        Instruction::Ja32 { imm } => format!("gotol {}", relative(imm.into())),
        Instruction::Jmp {
            width,
            cond,
            dst,
            src,
            off,
        } => format!(
            "if {} {} {} goto {}",
            reg(width, dst),
            cond_token(cond),
            operand(width, src),
            relative(off.into())
        ),
        Instruction::Call(CallTarget::Helper(id)) => format!("call {id}"),
        Instruction::Call(CallTarget::Local(offset)) => {
            format!("call pc{}", relative(offset.into()))
        }
        Instruction::Call(CallTarget::Kfunc { btf_id, btf_fd_idx }) => {
            let mut text = format!("call kfunc#{btf_id}");
            if btf_fd_idx != 0 {
                let _ = write!(text, "@{btf_fd_idx}");
            }
            text
        }
        Instruction::CallX { reg } => format!("callx {reg}"),
        Instruction::Exit => "exit".to_string(),
    }
}

fn format_atomic(size: Size, op: AtomicOp, dst: Reg, src: Reg, off: i16) -> String {
    let width = atomic_width(size);
    let ty = unsigned_type(size);
    let addr = address(dst, off);
    let plain = |token: &str| format!("lock *({ty} *){addr} {token} {}", reg(width, src));
    let fetch = |name: &str| {
        format!(
            "{} = atomic_fetch_{name}(({ty} *){addr}, {})",
            reg(width, src),
            reg(width, src)
        )
    };
    // xchg and cmpxchg take the address without a type cast in LLVM's syntax.
    let bare = &addr[1..addr.len() - 1];
    let suffix = if width == Width::W64 { "_64" } else { "32_32" };
    match op {
        AtomicOp::Add { fetch: false } => plain("+="),
        AtomicOp::Or { fetch: false } => plain("|="),
        AtomicOp::And { fetch: false } => plain("&="),
        AtomicOp::Xor { fetch: false } => plain("^="),
        AtomicOp::Add { fetch: true } => fetch("add"),
        AtomicOp::Or { fetch: true } => fetch("or"),
        AtomicOp::And { fetch: true } => fetch("and"),
        AtomicOp::Xor { fetch: true } => fetch("xor"),
        AtomicOp::Xchg => {
            format!(
                "{} = xchg{suffix}({bare}, {})",
                reg(width, src),
                reg(width, src)
            )
        }
        AtomicOp::CmpXchg => format!(
            "{} = cmpxchg{suffix}({bare}, {}, {})",
            reg(width, Reg::R0),
            reg(width, Reg::R0),
            reg(width, src)
        ),
    }
}

/// The value of a `lddw` in both syntaxes: `0x1234`, `map[fd:5]`, `map[fd:5]+16`, ...
pub(crate) fn ld_imm64_value(value: LdImm64) -> String {
    match value {
        LdImm64::Imm(imm) => format!("{imm:#x}"),
        LdImm64::MapFd(fd) => format!("map[fd:{fd}]"),
        LdImm64::MapValue { fd, offset } => format!("map[fd:{fd}]+{offset}"),
        LdImm64::BtfId { btf_id, btf_fd } => format!("btf_var[id:{btf_id},fd:{btf_fd}]"),
        LdImm64::Func(offset) => format!("subprog[pc{}]", relative(offset.into())),
        LdImm64::MapIdx(index) => format!("map[idx:{index}]"),
        LdImm64::MapIdxValue { index, offset } => format!("map[idx:{index}]+{offset}"),
    }
}

//! Parser for the conformance suite's syntax (`ldxw %r0, [%r1+4]`, `jsgt %r1, 5, +3`).
//!
//! Mnemonics are those of the suite's assembler, plus uBPF's legacy packet loads (`ldabsw 12`,
//! `ldindh %r1, 4`) and Sluice's names for what neither has: `ldacq{b,h,w,dw}` and
//! `strel{b,h,w,dw}` (load-acquire, store-release), `call runtime ID[, BTF]` with a BTF index, and
//! the `lddw` pseudo values of the LLVM syntax (`lddw %r1, map[fd:5]`).

use super::cursor::{Cursor, StepResult};
use super::{Parsed, resolve, target};
use crate::disasm::conformance::{alu_mnemonic, jmp_mnemonic, size_suffix};
use crate::instruction::{
    AluOp, AtomicOp, CallTarget, Endian, Instruction, JmpCond, LdImm64, Reg, Size, Source, Width,
};

fn try_reg(cursor: &mut Cursor<'_>) -> StepResult<Option<Reg>> {
    if !cursor.eat("%") {
        return Ok(None);
    }
    let word = cursor.word().unwrap_or_default();
    let number = word
        .strip_prefix('r')
        .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    match number
        .and_then(|digits| digits.parse().ok())
        .and_then(Reg::new)
    {
        Some(reg) => Ok(Some(reg)),
        None => Err(format!(
            "invalid register %{word} (registers are %r0 to %r10)"
        )),
    }
}

fn reg(cursor: &mut Cursor<'_>) -> StepResult<Reg> {
    try_reg(cursor)?.ok_or_else(|| format!("expected a register {}", cursor.found()))
}

fn comma(cursor: &mut Cursor<'_>) -> StepResult<()> {
    cursor
        .expect(",")
        .map_err(|_| format!("expected `,` between operands {}", cursor.found()))
}

/// `[%r1+4]`, `[%r10-8]` or `[%r1]`.
fn address(cursor: &mut Cursor<'_>) -> StepResult<(Reg, i16)> {
    cursor.expect("[").map_err(|_| {
        format!(
            "expected a memory operand such as [%r1+4] {}",
            cursor.found()
        )
    })?;
    let base = reg(cursor)?;
    cursor.skip_ws();
    let off = if cursor.rest().starts_with(['+', '-']) {
        cursor.off16()?
    } else {
        0
    };
    cursor.expect("]")?;
    Ok((base, off))
}

fn operand(cursor: &mut Cursor<'_>) -> StepResult<Source> {
    match try_reg(cursor)? {
        Some(reg) => Ok(Source::Reg(reg)),
        None => Ok(Source::Imm(cursor.imm32()?)),
    }
}

/// Splits a width suffix: `add32` is 32-bit, `add64` and `add` are 64-bit.
fn split_width(mnemonic: &str) -> (&str, Width) {
    if let Some(base) = mnemonic.strip_suffix("32") {
        (base, Width::W32)
    } else {
        (mnemonic.strip_suffix("64").unwrap_or(mnemonic), Width::W64)
    }
}

fn size_from_suffix(suffix: &str) -> Option<Size> {
    Size::ALL
        .into_iter()
        .find(|size| size_suffix(*size) == suffix)
}

/// Parses one instruction.
pub(crate) fn parse(cursor: &mut Cursor<'_>) -> StepResult<Parsed> {
    let mnemonic = cursor
        .word()
        .ok_or_else(|| format!("expected a mnemonic {}", cursor.found()))?;
    let parsed = parse_operands(cursor, mnemonic)?;
    cursor.expect_end()?;
    Ok(parsed)
}

fn parse_operands(cursor: &mut Cursor<'_>, mnemonic: &str) -> StepResult<Parsed> {
    let plain = |insn| Ok(Parsed::plain(insn));
    match mnemonic {
        "exit" => return plain(Instruction::Exit),
        "ja" => return resolve(Instruction::Ja { off: 0 }, target(cursor)?),
        "ja32" => return resolve(Instruction::Ja32 { imm: 0 }, target(cursor)?),
        "call" => return call(cursor),
        "lock" => return plain(lock(cursor)?),
        "lddw" => return lddw(cursor),
        _ => {}
    }
    // Loads and stores: ldx{s}{b,h,w,dw}, st{x}{b,h,w,dw}, ldabs*, ldind*, ldacq*, strel*.
    if let Some(insn) = load_store(cursor, mnemonic)? {
        return plain(insn);
    }
    let (base, width) = split_width(mnemonic);
    if let Some(cond) = JmpCond::ALL
        .into_iter()
        .find(|cond| jmp_mnemonic(*cond) == base)
    {
        let dst = reg(cursor)?;
        comma(cursor)?;
        let src = operand(cursor)?;
        comma(cursor)?;
        return resolve(
            Instruction::Jmp {
                width,
                cond,
                dst,
                src,
                off: 0,
            },
            target(cursor)?,
        );
    }
    if let Some(op) = AluOp::ALL.into_iter().find(|op| alu_mnemonic(*op) == base) {
        let dst = reg(cursor)?;
        comma(cursor)?;
        return plain(Instruction::Alu {
            width,
            op,
            dst,
            src: operand(cursor)?,
        });
    }
    if base == "neg" {
        return plain(Instruction::Neg {
            width,
            dst: reg(cursor)?,
        });
    }
    // movsx{8,16,32}{32,64}.
    if let Some(bits_width) = mnemonic.strip_prefix("movsx") {
        let (bits, width) = match bits_width {
            "832" => (8, Width::W32),
            "1632" => (16, Width::W32),
            "864" => (8, Width::W64),
            "1664" => (16, Width::W64),
            "3264" => (32, Width::W64),
            _ => return Err(format!("invalid mnemonic `{mnemonic}`")),
        };
        let dst = reg(cursor)?;
        comma(cursor)?;
        return plain(Instruction::MovSx {
            width,
            bits,
            dst,
            src: reg(cursor)?,
        });
    }
    // le16, be32, bswap64 (and the suite's swap16 for bswap16).
    for (prefix, kind) in [
        ("le", Endian::ToLe),
        ("be", Endian::ToBe),
        ("bswap", Endian::Swap),
        ("swap", Endian::Swap),
    ] {
        if let Some(bits) = mnemonic.strip_prefix(prefix)
            && let Some(bits) = [16u8, 32, 64].into_iter().find(|b| b.to_string() == bits)
        {
            return plain(Instruction::Endian {
                kind,
                bits,
                dst: reg(cursor)?,
            });
        }
    }
    Err(format!("invalid mnemonic `{mnemonic}`"))
}

fn load_store(cursor: &mut Cursor<'_>, mnemonic: &str) -> StepResult<Option<Instruction>> {
    let sized = |prefix: &str| mnemonic.strip_prefix(prefix).and_then(size_from_suffix);
    if let Some(size) = sized("ldxs").filter(|size| *size != Size::DW) {
        let dst = reg(cursor)?;
        comma(cursor)?;
        let (src, off) = address(cursor)?;
        return Ok(Some(Instruction::Load {
            size,
            sign_extend: true,
            dst,
            src,
            off,
        }));
    }
    if let Some(size) = sized("ldx") {
        let dst = reg(cursor)?;
        comma(cursor)?;
        let (src, off) = address(cursor)?;
        return Ok(Some(Instruction::Load {
            size,
            sign_extend: false,
            dst,
            src,
            off,
        }));
    }
    if let Some(size) = sized("stx") {
        let (dst, off) = address(cursor)?;
        comma(cursor)?;
        return Ok(Some(Instruction::Store {
            size,
            dst,
            off,
            src: Source::Reg(reg(cursor)?),
        }));
    }
    if let Some(size) = sized("st") {
        let (dst, off) = address(cursor)?;
        comma(cursor)?;
        return Ok(Some(Instruction::Store {
            size,
            dst,
            off,
            src: Source::Imm(cursor.imm32()?),
        }));
    }
    if let Some(size) = sized("ldabs").filter(|size| *size != Size::DW) {
        return Ok(Some(Instruction::LdAbs {
            size,
            imm: cursor.imm32()?,
        }));
    }
    if let Some(size) = sized("ldind").filter(|size| *size != Size::DW) {
        let src = reg(cursor)?;
        comma(cursor)?;
        return Ok(Some(Instruction::LdInd {
            size,
            src,
            imm: cursor.imm32()?,
        }));
    }
    if let Some(size) = sized("ldacq") {
        let dst = reg(cursor)?;
        comma(cursor)?;
        let (src, off) = address(cursor)?;
        return Ok(Some(Instruction::LoadAcquire {
            size,
            dst,
            src,
            off,
        }));
    }
    if let Some(size) = sized("strel") {
        let (dst, off) = address(cursor)?;
        comma(cursor)?;
        return Ok(Some(Instruction::StoreRelease {
            size,
            dst,
            src: reg(cursor)?,
            off,
        }));
    }
    Ok(None)
}

/// `call 5` (helper), `call helper 5`, `call local LABEL`, `call runtime ID[, BTF]`,
/// `call %r2` (callx).
fn call(cursor: &mut Cursor<'_>) -> StepResult<Parsed> {
    if let Some(reg) = try_reg(cursor)? {
        return Ok(Parsed::plain(Instruction::CallX { reg }));
    }
    if cursor.eat_word("local") {
        return resolve(Instruction::Call(CallTarget::Local(0)), target(cursor)?);
    }
    if cursor.eat_word("runtime") {
        let btf_id = cursor.imm32()?;
        let btf_fd_idx = if cursor.eat(",") { cursor.off16()? } else { 0 };
        return Ok(Parsed::plain(Instruction::Call(CallTarget::Kfunc {
            btf_id,
            btf_fd_idx,
        })));
    }
    if cursor.eat_word("helper")
        && let Some(reg) = try_reg(cursor)?
    {
        return Ok(Parsed::plain(Instruction::CallX { reg }));
    }
    if !cursor.at_number() {
        return Err(format!(
            "invalid call mode {} (expected a helper id, local, runtime or a register)",
            cursor.found()
        ));
    }
    Ok(Parsed::plain(Instruction::Call(CallTarget::Helper(
        cursor.imm32()?,
    ))))
}

/// `lock [fetch] add[32] [%r1+0], %r2`, `lock xchg[32] ...`, `lock cmpxchg[32] ...`.
fn lock(cursor: &mut Cursor<'_>) -> StepResult<Instruction> {
    let fetch = cursor.eat_word("fetch");
    let name = cursor
        .word()
        .ok_or_else(|| "Invalid number of operands for lock".to_string())?;
    let (base, width) = split_width(name);
    let op = match (base, fetch) {
        ("add", _) => AtomicOp::Add { fetch },
        ("or", _) => AtomicOp::Or { fetch },
        ("and", _) => AtomicOp::And { fetch },
        ("xor", _) => AtomicOp::Xor { fetch },
        ("xchg", false) => AtomicOp::Xchg,
        ("cmpxchg", false) => AtomicOp::CmpXchg,
        _ => {
            return Err(format!(
                "invalid atomic operation `lock {}{name}`",
                if fetch { "fetch " } else { "" }
            ));
        }
    };
    cursor.skip_ws();
    if cursor.rest().is_empty() {
        return Err("Invalid number of operands for lock".to_string());
    }
    let (dst, off) = address(cursor)?;
    comma(cursor)?;
    let src = reg(cursor)?;
    let size = if width == Width::W32 {
        Size::W
    } else {
        Size::DW
    };
    Ok(Instruction::Atomic {
        size,
        op,
        dst,
        src,
        off,
    })
}

/// `lddw %r1, 0x1122334455667788` or a pseudo value (`map[fd:5]`, `subprog[+3]`, ...).
fn lddw(cursor: &mut Cursor<'_>) -> StepResult<Parsed> {
    let dst = reg(cursor)?;
    comma(cursor)?;
    if cursor.at_number() {
        let value = LdImm64::Imm(cursor.imm64()?);
        return Ok(Parsed::plain(Instruction::LdImm64 { dst, value }));
    }
    // The pseudo values are spelled as in the LLVM syntax; borrow its parser through a
    // synthetic assignment.
    let text = format!("r{} = {}", dst.number(), cursor.rest());
    let mut llvm_cursor = Cursor::new(&text);
    let parsed = super::llvm::parse(&mut llvm_cursor, super::Hint::default())?;
    match parsed.insn {
        Instruction::LdImm64 { .. } => {
            cursor.advance(cursor.rest().len());
            Ok(parsed)
        }
        _ => Err(format!(
            "expected a 64-bit immediate or pseudo value {}",
            cursor.found()
        )),
    }
}

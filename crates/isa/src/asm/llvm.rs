//! Parser for the LLVM/kernel syntax (`r0 = *(u32 *)(r1 + 4)`, `if r1 s> 5 goto +3`).
//!
//! It reads what the disassembler prints and the spellings of `llvm-objdump` and of the kernel
//! verifier log where those differ: `goto pc+3`, `(r1 +4)`, `atomic64_fetch_add(...)`,
//! `call bpf_map_lookup_elem#1`, `ld_pseudo r1, 1, 5`, and `r1 = 0x1234` after a `(18)` opcode.

use super::cursor::{Cursor, StepResult, fit_imm32};
use super::{Hint, Parsed, Target, resolve, skip_annotation, target};
use crate::instruction::{
    AluOp, AtomicOp, CallTarget, Endian, Instruction, JmpCond, LdImm64, Reg, Size, Source, Width,
};
use crate::opcode::{BPF_DW, BPF_IMM, BPF_LD};

/// Strips the prefixes tools print before an instruction: `llvm-objdump`'s slot index and
/// bytes, the verifier log's index and `(opcode)`, and `sluice disasm`'s index. Whole lines that
/// only describe the listing (`file format`, `Disassembly of section`) become empty.
pub(crate) fn strip_listing_prefix(code: &str) -> (&str, Hint) {
    let trimmed = code.trim_start();
    if trimmed.contains("file format ") || trimmed.starts_with("Disassembly of section") {
        return ("", Hint::default());
    }
    // objdump's symbol header: `0000000000000000 <name>:`.
    if let Some((address, rest)) = trimmed.split_once(' ')
        && address.len() == 16
        && address.bytes().all(|b| b.is_ascii_hexdigit())
        && rest.starts_with('<')
    {
        return (rest, Hint::default());
    }
    let n_digits = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    if n_digits == 0 || !trimmed[n_digits..].starts_with(':') {
        return (code, Hint::default());
    }
    let rest = trimmed[n_digits + 1..].trim_start();
    // Kernel verifier log: `12: (b7) r0 = 1`.
    if rest.len() >= 4
        && rest.as_bytes()[0] == b'('
        && rest.as_bytes()[3] == b')'
        && let Ok(opcode) = u8::from_str_radix(&rest[1..3], 16)
    {
        return (
            &rest[4..],
            Hint {
                opcode: Some(opcode),
            },
        );
    }
    // llvm-objdump: `  12:\tb7 01 00 00 05 00 00 00\tr1 = 5`.
    let mut bytes = Vec::new();
    let mut after = rest;
    while after.len() >= 3
        && after.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit)
        && after.as_bytes()[2].is_ascii_whitespace()
    {
        bytes.push(u8::from_str_radix(&after[..2], 16).unwrap_or_default());
        after = after[3..].trim_start();
    }
    if !bytes.is_empty() && bytes.len() % 8 == 0 {
        return (
            after,
            Hint {
                opcode: bytes.first().copied(),
            },
        );
    }
    (rest, Hint::default())
}

/// A register as written: its number and whether it was spelled `wN`.
#[derive(Clone, Copy, Debug)]
struct Written {
    reg: Reg,
    width: Width,
}

fn try_reg(cursor: &mut Cursor<'_>) -> Option<Written> {
    let mut probe = cursor.clone();
    let word = probe.word()?;
    let width = match word.as_bytes().first()? {
        b'r' => Width::W64,
        b'w' => Width::W32,
        _ => return None,
    };
    let digits = &word[1..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let reg = Reg::new(digits.parse().ok()?)?;
    *cursor = probe;
    Some(Written { reg, width })
}

fn reg(cursor: &mut Cursor<'_>) -> StepResult<Written> {
    let mut probe = cursor.clone();
    match try_reg(cursor) {
        Some(written) => Ok(written),
        None => match probe.word() {
            Some(word) if word.starts_with(['r', 'w']) => Err(format!(
                "invalid register `{word}` (registers are r0 to r10, or w0 to w10 for 32 bits)"
            )),
            _ => Err(format!("expected a register {}", probe.found())),
        },
    }
}

fn same_reg(cursor: &mut Cursor<'_>, dst: Written, what: &str) -> StepResult<()> {
    let other = reg(cursor)?;
    if other.reg != dst.reg {
        return Err(format!(
            "{what} must name the destination register {} again",
            dst.reg
        ));
    }
    Ok(())
}

/// `(u32 *)` or `(s16 *)`: the size and whether the type is signed.
fn pointer_type(cursor: &mut Cursor<'_>) -> StepResult<(Size, bool)> {
    cursor.expect("(")?;
    let name = cursor
        .word()
        .ok_or_else(|| format!("expected a type {}", cursor.found()))?;
    let typed = match name {
        "u8" => (Size::B, false),
        "u16" => (Size::H, false),
        "u32" => (Size::W, false),
        "u64" => (Size::DW, false),
        "s8" => (Size::B, true),
        "s16" => (Size::H, true),
        "s32" => (Size::W, true),
        _ => {
            return Err(format!(
                "unknown type `{name}` (expected u8, u16, u32, u64, s8, s16 or s32)"
            ));
        }
    };
    cursor.expect("*")?;
    cursor.expect(")")?;
    Ok(typed)
}

/// `r1 + 4`, `r1 +4`, `r10 - 8` or `r1` (without the parentheses).
fn base_offset(cursor: &mut Cursor<'_>) -> StepResult<(Reg, i16)> {
    let base = reg(cursor)?.reg;
    cursor.skip_ws();
    let off = if cursor.rest().starts_with(['+', '-']) {
        cursor.off16()?
    } else {
        0
    };
    Ok((base, off))
}

/// `(r1 + 4)`.
fn address(cursor: &mut Cursor<'_>) -> StepResult<(Reg, i16)> {
    cursor.expect("(")?;
    let address = base_offset(cursor)?;
    cursor.expect(")")?;
    Ok(address)
}

/// `(u32 *)(r1 + 4)`: a typed memory operand.
fn typed_address(cursor: &mut Cursor<'_>) -> StepResult<(Size, bool, Reg, i16)> {
    let (size, signed) = pointer_type(cursor)?;
    let (base, off) = address(cursor)?;
    Ok((size, signed, base, off))
}

fn unsigned_only(signed: bool) -> StepResult<()> {
    if signed {
        Err("this instruction takes an unsigned type (u8 to u64)".to_string())
    } else {
        Ok(())
    }
}

/// A register or an immediate, with the register's width if it is one.
fn operand(cursor: &mut Cursor<'_>) -> StepResult<(Source, Option<Width>)> {
    if let Some(written) = try_reg(cursor) {
        Ok((Source::Reg(written.reg), Some(written.width)))
    } else {
        Ok((Source::Imm(cursor.imm32()?), None))
    }
}

fn check_width(dst: Width, src: Option<Width>) -> StepResult<()> {
    match src {
        Some(src) if src != dst => {
            Err("both registers must be rN (64-bit) or both wN (32-bit)".to_string())
        }
        _ => Ok(()),
    }
}

const ALU_TOKENS: [(&str, AluOp); 13] = [
    ("s>>=", AluOp::Arsh),
    ("s/=", AluOp::SDiv),
    ("s%=", AluOp::SMod),
    ("<<=", AluOp::Lsh),
    (">>=", AluOp::Rsh),
    ("+=", AluOp::Add),
    ("-=", AluOp::Sub),
    ("*=", AluOp::Mul),
    ("/=", AluOp::Div),
    ("|=", AluOp::Or),
    ("&=", AluOp::And),
    ("%=", AluOp::Mod),
    ("^=", AluOp::Xor),
];

const COND_TOKENS: [(&str, JmpCond); 11] = [
    ("s>=", JmpCond::SGe),
    ("s<=", JmpCond::SLe),
    ("s>", JmpCond::SGt),
    ("s<", JmpCond::SLt),
    ("==", JmpCond::Eq),
    ("!=", JmpCond::Ne),
    (">=", JmpCond::Ge),
    ("<=", JmpCond::Le),
    (">", JmpCond::Gt),
    ("<", JmpCond::Lt),
    ("&", JmpCond::Set),
];

/// Parses one instruction.
pub(crate) fn parse(cursor: &mut Cursor<'_>, hint: Hint) -> StepResult<Parsed> {
    let parsed = parse_insn(cursor, hint)?;
    cursor.expect_end()?;
    Ok(parsed)
}

fn parse_insn(cursor: &mut Cursor<'_>, hint: Hint) -> StepResult<Parsed> {
    let plain = |insn| Ok(Parsed::plain(insn));
    if cursor.rest().trim_start().starts_with("...") {
        return Err("llvm-objdump left out zero slots here (`...`); run it with -z".to_string());
    }
    if cursor.eat_word("exit") {
        return plain(Instruction::Exit);
    }
    if cursor.eat_word("goto") {
        return resolve(Instruction::Ja { off: 0 }, target(cursor)?);
    }
    if cursor.eat_word("gotol") {
        return resolve(Instruction::Ja32 { imm: 0 }, target(cursor)?);
    }
    if cursor.eat_word("callx") {
        return plain(Instruction::CallX {
            reg: reg(cursor)?.reg,
        });
    }
    if cursor.eat_word("call") {
        return call(cursor);
    }
    if cursor.eat_word("if") {
        return conditional_jump(cursor);
    }
    if cursor.eat_word("lock") {
        return plain(lock(cursor)?);
    }
    if cursor.eat_word("store_release") {
        cursor.expect("(")?;
        let (size, signed, dst, off) = typed_address(cursor)?;
        unsigned_only(signed)?;
        cursor.expect(",")?;
        let src = reg(cursor)?.reg;
        cursor.expect(")")?;
        return plain(Instruction::StoreRelease {
            size,
            dst,
            src,
            off,
        });
    }
    if cursor.eat_word("ld_pseudo") {
        return plain(ld_pseudo(cursor)?);
    }
    if cursor.eat("*") {
        let (size, signed, dst, off) = typed_address(cursor)?;
        unsigned_only(signed)?;
        cursor.expect("=")?;
        let (src, _) = operand(cursor)?;
        return plain(Instruction::Store {
            size,
            dst,
            off,
            src,
        });
    }
    let dst = reg(cursor)?;
    if cursor.eat("=") {
        return assignment(cursor, dst, hint);
    }
    for (token, op) in ALU_TOKENS {
        if cursor.eat(token) {
            let (src, src_width) = operand(cursor)?;
            check_width(dst.width, src_width)?;
            return plain(Instruction::Alu {
                width: dst.width,
                op,
                dst: dst.reg,
                src,
            });
        }
    }
    Err(format!(
        "expected an assignment or arithmetic operator after {} {}",
        dst.reg,
        cursor.found()
    ))
}

fn call(cursor: &mut Cursor<'_>) -> StepResult<Parsed> {
    cursor.skip_ws();
    let rest = cursor.rest();
    if rest.starts_with("pc+") || rest.starts_with("pc-") {
        return resolve(Instruction::Call(CallTarget::Local(0)), target(cursor)?);
    }
    if cursor.at_number() {
        let id = cursor.imm32()?;
        skip_annotation(cursor);
        return Ok(Parsed::plain(Instruction::Call(CallTarget::Helper(id))));
    }
    // `name#id`: a helper as the kernel prints it, or a kernel function.
    let mut probe = cursor.clone();
    let name = probe.word().unwrap_or_default();
    let name_is_kfunc = name == "kfunc" || (name == "kernel" && probe.eat("-function"));
    if probe.rest().starts_with('#') {
        probe.eat("#");
        let id = probe.imm32()?;
        *cursor = probe;
        if name_is_kfunc {
            let btf_fd_idx = if cursor.eat("@") { cursor.off16()? } else { 0 };
            return Ok(Parsed::plain(Instruction::Call(CallTarget::Kfunc {
                btf_id: id,
                btf_fd_idx,
            })));
        }
        return Ok(Parsed::plain(Instruction::Call(CallTarget::Helper(id))));
    }
    // A label: a bpf-to-bpf call.
    match target(cursor)? {
        Target::Label(label) => resolve(
            Instruction::Call(CallTarget::Local(0)),
            Target::Label(label),
        ),
        Target::Offset(_) => Err("expected a helper id, `pc+N` or a label after call".to_string()),
    }
}

fn conditional_jump(cursor: &mut Cursor<'_>) -> StepResult<Parsed> {
    let dst = reg(cursor)?;
    let cond = COND_TOKENS
        .iter()
        .find(|(token, _)| cursor.eat(token))
        .map(|(_, cond)| *cond)
        .ok_or_else(|| {
            format!(
                "expected a comparison (==, !=, >, s>, &, ...) {}",
                cursor.found()
            )
        })?;
    let (src, src_width) = operand(cursor)?;
    check_width(dst.width, src_width)?;
    if !cursor.eat_word("goto") {
        return Err(format!("expected `goto` {}", cursor.found()));
    }
    let insn = Instruction::Jmp {
        width: dst.width,
        cond,
        dst: dst.reg,
        src,
        off: 0,
    };
    resolve(insn, target(cursor)?)
}

/// `lock *(u64 *)(r1 + 0) += r2`.
fn lock(cursor: &mut Cursor<'_>) -> StepResult<Instruction> {
    cursor.expect("*")?;
    let (size, signed, dst, off) = typed_address(cursor)?;
    unsigned_only(signed)?;
    let op = [
        ("+=", AtomicOp::Add { fetch: false }),
        ("|=", AtomicOp::Or { fetch: false }),
        ("&=", AtomicOp::And { fetch: false }),
        ("^=", AtomicOp::Xor { fetch: false }),
    ]
    .into_iter()
    .find(|(token, _)| cursor.eat(token))
    .map(|(_, op)| op)
    .ok_or_else(|| format!("expected +=, |=, &= or ^= after lock {}", cursor.found()))?;
    let src = reg(cursor)?.reg;
    atomic(size, op, dst, src, off)
}

fn atomic(size: Size, op: AtomicOp, dst: Reg, src: Reg, off: i16) -> StepResult<Instruction> {
    if !matches!(size, Size::W | Size::DW) {
        return Err("atomic operations work on u32 or u64 only".to_string());
    }
    Ok(Instruction::Atomic {
        size,
        op,
        dst,
        src,
        off,
    })
}

/// `ld_pseudo r1, SRC, IMM`: LLVM's spelling of `lddw` with a pseudo source. `llvm-objdump`
/// prints `IMM` unsigned even in decimal (`4294967295` for -1), so any 32-bit pattern is read.
fn ld_pseudo(cursor: &mut Cursor<'_>) -> StepResult<Instruction> {
    let dst = reg(cursor)?.reg;
    cursor.expect(",")?;
    let (src, _) = cursor.number()?;
    cursor.expect(",")?;
    let (imm, hex) = cursor.number()?;
    let imm = if (0..=i128::from(u32::MAX)).contains(&imm) {
        imm as u32 as i32
    } else {
        fit_imm32(imm, hex)?
    };
    let value = match src {
        0 => LdImm64::Imm(imm as u32 as u64),
        1 => LdImm64::MapFd(imm),
        2 => LdImm64::MapValue { fd: imm, offset: 0 },
        3 => LdImm64::BtfId {
            btf_id: imm,
            btf_fd: 0,
        },
        4 => LdImm64::Func(imm),
        5 => LdImm64::MapIdx(imm),
        6 => LdImm64::MapIdxValue {
            index: imm,
            offset: 0,
        },
        _ => {
            return Err(format!(
                "unknown lddw pseudo source {src} (expected 0 to 6)"
            ));
        }
    };
    Ok(Instruction::LdImm64 { dst, value })
}

fn assignment(cursor: &mut Cursor<'_>, dst: Written, hint: Hint) -> StepResult<Parsed> {
    let plain = |insn| Ok(Parsed::plain(insn));
    let width = dst.width;
    // `r0 = -r0` (neg) or `r0 = -5` (mov).
    let mut probe = cursor.clone();
    if probe.eat("-") && try_reg(&mut probe).is_some() {
        cursor.eat("-");
        same_reg(cursor, dst, "negation")?;
        return plain(Instruction::Neg {
            width,
            dst: dst.reg,
        });
    }
    // `r1 = (s8)r2`.
    if cursor.eat("(") {
        let bits = match cursor.word() {
            Some("s8") => 8,
            Some("s16") => 16,
            Some("s32") => 32,
            _ => return Err("expected (s8), (s16) or (s32) before the source register".to_string()),
        };
        cursor.expect(")")?;
        let src = reg(cursor)?;
        check_width(width, Some(src.width))?;
        return plain(Instruction::MovSx {
            width,
            bits,
            dst: dst.reg,
            src: src.reg,
        });
    }
    // Loads: `r0 = *(u32 *)(r1 + 4)` and `r0 = *(u8 *)skb[12]`.
    if cursor.eat("*") {
        let (size, signed) = pointer_type(cursor)?;
        if cursor.eat_word("skb") {
            return plain(packet_load(cursor, dst, size, signed)?);
        }
        let (src, off) = address(cursor)?;
        if signed && size == Size::DW {
            return Err("there is no sign-extending 64-bit load".to_string());
        }
        return plain(Instruction::Load {
            size,
            sign_extend: signed,
            dst: dst.reg,
            src,
            off,
        });
    }
    let mut probe = cursor.clone();
    let word = probe.word().unwrap_or_default();
    if let Some(insn) = endian(&mut probe, word, dst)? {
        *cursor = probe;
        return plain(insn);
    }
    if let Some(insn) = atomic_call(&mut probe, word, dst)? {
        *cursor = probe;
        return plain(insn);
    }
    if let Some(value) = pseudo_value(&mut probe, word)? {
        *cursor = probe;
        cursor.eat_word("ll");
        return match value {
            Pseudo::Value(value) => plain(Instruction::LdImm64 {
                dst: dst.reg,
                value,
            }),
            Pseudo::Subprog(target) => resolve(
                Instruction::LdImm64 {
                    dst: dst.reg,
                    value: LdImm64::Func(0),
                },
                target,
            ),
        };
    }
    if let Some(src) = try_reg(cursor) {
        check_width(width, Some(src.width))?;
        return plain(Instruction::Alu {
            width,
            op: AluOp::Mov,
            dst: dst.reg,
            src: Source::Reg(src.reg),
        });
    }
    // A constant: `r1 = 5` (mov), `r1 = 0x1234 ll` or, after the kernel's `(18)`, `r1 = 0x1234`.
    let mut probe = cursor.clone();
    let wide = probe.imm64()?;
    let is_lddw = probe.eat_word("ll") || hint.opcode == Some(BPF_LD | BPF_IMM | BPF_DW);
    if is_lddw {
        *cursor = probe;
        if width == Width::W32 {
            return Err("lddw loads a 64-bit register (rN)".to_string());
        }
        return plain(Instruction::LdImm64 {
            dst: dst.reg,
            value: LdImm64::Imm(wide),
        });
    }
    let imm = cursor.imm32()?;
    plain(Instruction::Alu {
        width,
        op: AluOp::Mov,
        dst: dst.reg,
        src: Source::Imm(imm),
    })
}

/// `r0 = *(u16 *)skb[12]` or `r0 = *(u16 *)skb[r1 + 4]`.
fn packet_load(
    cursor: &mut Cursor<'_>,
    dst: Written,
    size: Size,
    signed: bool,
) -> StepResult<Instruction> {
    unsigned_only(signed)?;
    if dst.reg != Reg::R0 {
        return Err("legacy packet loads always write r0".to_string());
    }
    if size == Size::DW {
        return Err("legacy packet loads read u8, u16 or u32".to_string());
    }
    cursor.expect("[")?;
    let insn = if let Some(src) = try_reg(cursor) {
        cursor.skip_ws();
        let imm = if cursor.rest().starts_with(['+', '-']) {
            cursor.imm32()?
        } else {
            0
        };
        Instruction::LdInd {
            size,
            src: src.reg,
            imm,
        }
    } else {
        Instruction::LdAbs {
            size,
            imm: cursor.imm32()?,
        }
    };
    cursor.expect("]")?;
    Ok(insn)
}

/// `r1 = be16 r1`, `r1 = le32 r1`, `r1 = bswap64 r1`.
fn endian(cursor: &mut Cursor<'_>, word: &str, dst: Written) -> StepResult<Option<Instruction>> {
    let (kind, bits) = if let Some(bits) = word.strip_prefix("bswap") {
        (Endian::Swap, bits)
    } else if let Some(bits) = word.strip_prefix("be") {
        (Endian::ToBe, bits)
    } else if let Some(bits) = word.strip_prefix("le") {
        (Endian::ToLe, bits)
    } else {
        return Ok(None);
    };
    let bits = match bits {
        "16" => 16,
        "32" => 32,
        "64" => 64,
        _ => return Ok(None),
    };
    same_reg(cursor, dst, "a byte swap")?;
    Ok(Some(Instruction::Endian {
        kind,
        bits,
        dst: dst.reg,
    }))
}

/// The function-call spellings of atomics: `atomic_fetch_add((u64 *)(r1 + 0), r2)` (LLVM and
/// kernel, with the kernel's `atomic64_` for 64 bits), `xchg_64(r1 + 0, r2)`,
/// `cmpxchg32_32(r1 + 0, w0, w2)`, `atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)` and
/// `load_acquire((u64 *)(r1 + 0))`.
fn atomic_call(
    cursor: &mut Cursor<'_>,
    word: &str,
    dst: Written,
) -> StepResult<Option<Instruction>> {
    let name = word
        .strip_prefix("atomic64_")
        .or_else(|| word.strip_prefix("atomic_"))
        .unwrap_or(word);
    let fetch_op = match name {
        "fetch_add" => Some(AtomicOp::Add { fetch: true }),
        "fetch_or" => Some(AtomicOp::Or { fetch: true }),
        "fetch_and" => Some(AtomicOp::And { fetch: true }),
        "fetch_xor" => Some(AtomicOp::Xor { fetch: true }),
        _ => None,
    };
    let typed = word.starts_with("atomic");
    let (op, llvm_size) = match (name, fetch_op) {
        (_, Some(op)) => (op, None),
        ("xchg", _) => (AtomicOp::Xchg, None),
        ("cmpxchg", _) => (AtomicOp::CmpXchg, None),
        ("xchg_64", _) if !typed => (AtomicOp::Xchg, Some(Size::DW)),
        ("xchg32_32", _) if !typed => (AtomicOp::Xchg, Some(Size::W)),
        ("cmpxchg_64", _) if !typed => (AtomicOp::CmpXchg, Some(Size::DW)),
        ("cmpxchg32_32", _) if !typed => (AtomicOp::CmpXchg, Some(Size::W)),
        ("load_acquire", _) if !typed => {
            cursor.expect("(")?;
            let (size, signed, src, off) = typed_address(cursor)?;
            unsigned_only(signed)?;
            cursor.expect(")")?;
            return Ok(Some(Instruction::LoadAcquire {
                size,
                dst: dst.reg,
                src,
                off,
            }));
        }
        _ => return Ok(None),
    };
    cursor.expect("(")?;
    let (size, base, off) = match llvm_size {
        Some(size) => {
            let (base, off) = base_offset(cursor)?;
            (size, base, off)
        }
        None => {
            if !typed {
                return Ok(None);
            }
            let (size, signed, base, off) = typed_address(cursor)?;
            unsigned_only(signed)?;
            (size, base, off)
        }
    };
    cursor.expect(",")?;
    if op == AtomicOp::CmpXchg {
        if dst.reg != Reg::R0 || reg(cursor)?.reg != Reg::R0 {
            return Err(
                "cmpxchg compares with and writes r0: write r0 = cmpxchg_64(r1 + 0, r0, r2)"
                    .to_string(),
            );
        }
        cursor.expect(",")?;
    }
    let src = reg(cursor)?.reg;
    cursor.expect(")")?;
    if op != AtomicOp::CmpXchg && src != dst.reg {
        return Err(format!(
            "the fetched value goes to the source register: write {src} = ..."
        ));
    }
    Ok(Some(atomic(size, op, base, src, off)?))
}

enum Pseudo {
    Value(LdImm64),
    Subprog(Target),
}

/// `map[fd:5]`, `map[fd:5]+16`, `map[idx:2]`, `map[idx:2]+16`, `btf_var[id:7,fd:0]`,
/// `subprog[pc+5]` (or a label inside the brackets).
fn pseudo_value(cursor: &mut Cursor<'_>, word: &str) -> StepResult<Option<Pseudo>> {
    if !matches!(word, "map" | "btf_var" | "subprog") || !cursor.eat("[") {
        return Ok(None);
    }
    let field = |cursor: &mut Cursor<'_>, name: &str| -> StepResult<i32> {
        if !cursor.eat_word(name) || !cursor.eat(":") {
            return Err(format!("expected `{name}:` {}", cursor.found()));
        }
        cursor.imm32()
    };
    let value_offset = |cursor: &mut Cursor<'_>| -> StepResult<u32> {
        cursor.expect("+")?;
        let (offset, _) = cursor.number()?;
        u32::try_from(offset).map_err(|_| format!("map value offset {offset} is out of range"))
    };
    let value = match word {
        "subprog" => {
            let target = target(cursor)?;
            cursor.expect("]")?;
            return Ok(Some(Pseudo::Subprog(target)));
        }
        "btf_var" => {
            let btf_id = field(cursor, "id")?;
            cursor.expect(",")?;
            let btf_fd = field(cursor, "fd")?;
            cursor.expect("]")?;
            LdImm64::BtfId { btf_id, btf_fd }
        }
        _ => {
            cursor.skip_ws();
            if cursor.rest().starts_with("fd") {
                let fd = field(cursor, "fd")?;
                cursor.expect("]")?;
                if cursor.rest().trim_start().starts_with('+') {
                    LdImm64::MapValue {
                        fd,
                        offset: value_offset(cursor)?,
                    }
                } else {
                    LdImm64::MapFd(fd)
                }
            } else {
                let index = field(cursor, "idx")?;
                cursor.expect("]")?;
                if cursor.rest().trim_start().starts_with('+') {
                    LdImm64::MapIdxValue {
                        index,
                        offset: value_offset(cursor)?,
                    }
                } else {
                    LdImm64::MapIdx(index)
                }
            }
        }
    };
    Ok(Some(Pseudo::Value(value)))
}

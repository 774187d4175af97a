//! The assembler: text in either [`Syntax`] to bytecode.
//!
//! Both syntaxes share this driver: it strips comments, collects labels (`name:`), hands each
//! instruction line to the syntax's parser and then resolves label references into relative
//! offsets. In the LLVM syntax it also accepts listings as tools print them: `llvm-objdump -d`
//! lines (`  12:\tb7 00 ... \tr0 = 1`), kernel verifier log lines (`12: (b7) r0 = 1`) and
//! `sluice disasm` output, so a listing can be pasted back in.
//!
//! Every error names the source line.

mod conformance;
pub(crate) mod cursor;
mod llvm;

use std::collections::HashMap;
use std::fmt;

use thiserror::Error;

use crate::instruction::{CallTarget, Instruction, LdImm64};
use crate::program::Program;
use crate::raw::RawInsn;
pub use crate::syntax::Syntax;
use cursor::Cursor;

/// An assembly error, with the 1-based source line it is about (0 when it concerns the whole
/// source, such as an empty program).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct AsmError {
    /// 1-based line number, or 0 for the whole source.
    pub line: usize,
    /// The line's text.
    pub source_text: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        f.write_str(&self.message)?;
        let text = self.source_text.trim();
        if !text.is_empty() {
            write!(f, " (in `{text}`)")?;
        }
        Ok(())
    }
}

/// A jump or call whose target is a label, to be filled in once every label is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LabelRef {
    pub(crate) label: String,
}

/// A jump or call target as written: a relative offset or a label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Offset(i64),
    Label(String),
}

/// One parsed instruction line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) insn: Instruction,
    pub(crate) label_ref: Option<LabelRef>,
}

impl Parsed {
    pub(crate) fn plain(insn: Instruction) -> Parsed {
        Parsed {
            insn,
            label_ref: None,
        }
    }
}

/// What a listing prefix says about the instruction that follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Hint {
    /// The opcode printed by the kernel verifier log (`(18)`) or the first byte of an objdump
    /// line; it tells `r1 = 0x1234` (the kernel's spelling of `lddw`) from a `mov`.
    pub(crate) opcode: Option<u8>,
}

/// Assembles source text into slots. Labels may be used before they are defined; in the
/// conformance syntax the first `exit` also defines the label `exit`, as in the suite.
pub fn assemble(source: &str, syntax: Syntax) -> Result<Vec<RawInsn>, AsmError> {
    Ok(assemble_with_lines(source, syntax)?.0)
}

/// Assembles source text and validates the result as a [`Program`]; a decoding error (such as a
/// jump out of the program) is reported at the source line of the offending instruction.
pub fn assemble_program(source: &str, syntax: Syntax) -> Result<Program, AsmError> {
    let (slots, line_of_slot) = assemble_with_lines(source, syntax)?;
    Program::from_slots(slots).map_err(|error| {
        let line = line_of_slot.get(error.insn_idx).copied().unwrap_or(0);
        AsmError {
            line,
            source_text: source
                .lines()
                .nth(line.wrapping_sub(1))
                .unwrap_or("")
                .to_string(),
            message: error.kind.to_string(),
        }
    })
}

struct Line<'a> {
    number: usize,
    text: &'a str,
    slot: usize,
    parsed: Parsed,
}

fn assemble_with_lines(
    source: &str,
    syntax: Syntax,
) -> Result<(Vec<RawInsn>, Vec<usize>), AsmError> {
    let mut labels: HashMap<String, usize> = HashMap::new();
    let mut first_exit = None;
    let mut lines = Vec::new();
    let mut n_slots = 0;
    for (line_idx, text) in source.lines().enumerate() {
        let number = line_idx + 1;
        let error = |message: String| AsmError {
            line: number,
            source_text: text.to_string(),
            message,
        };
        let code = strip_comment(text, syntax);
        let (code, hint) = match syntax {
            Syntax::Llvm => llvm::strip_listing_prefix(code),
            Syntax::Conformance => (code, Hint::default()),
        };
        let mut cursor = Cursor::new(code);
        while let Some(label) = take_label(&mut cursor, syntax) {
            if labels.insert(label.to_string(), n_slots).is_some() {
                return Err(error(format!("label `{label}` is defined twice")));
            }
        }
        if cursor.at_end() {
            continue;
        }
        let parsed = match syntax {
            Syntax::Llvm => llvm::parse(&mut cursor, hint),
            Syntax::Conformance => conformance::parse(&mut cursor),
        }
        .map_err(error)?;
        if parsed.insn == Instruction::Exit && first_exit.is_none() {
            first_exit = Some(n_slots);
        }
        let slot = n_slots;
        n_slots += parsed.insn.n_slots();
        lines.push(Line {
            number,
            text,
            slot,
            parsed,
        });
    }
    if syntax == Syntax::Conformance
        && let Some(slot) = first_exit
    {
        labels.entry("exit".to_string()).or_insert(slot);
    }

    let mut slots = Vec::with_capacity(n_slots);
    let mut line_of_slot = Vec::with_capacity(n_slots);
    for line in lines {
        let mut insn = line.parsed.insn;
        if let Some(label_ref) = &line.parsed.label_ref {
            let error = |message: String| AsmError {
                line: line.number,
                source_text: line.text.to_string(),
                message,
            };
            let target = *labels
                .get(&label_ref.label)
                .ok_or_else(|| error(format!("undefined label `{}`", label_ref.label)))?;
            let offset = target as i64 - line.slot as i64 - 1;
            insn = with_offset(insn, offset).map_err(error)?;
        }
        for slot in insn.encode().slots() {
            slots.push(*slot);
            line_of_slot.push(line.number);
        }
    }
    Ok((slots, line_of_slot))
}

/// Sets the relative target of a jump, call or code address.
pub(crate) fn with_offset(insn: Instruction, offset: i64) -> Result<Instruction, String> {
    let off16 = || {
        i16::try_from(offset).map_err(|_| format!("jump offset {offset} does not fit in 16 bits"))
    };
    let imm32 =
        || i32::try_from(offset).map_err(|_| format!("offset {offset} does not fit in 32 bits"));
    Ok(match insn {
        Instruction::Ja { .. } => Instruction::Ja { off: off16()? },
        Instruction::Jmp {
            width,
            cond,
            dst,
            src,
            ..
        } => Instruction::Jmp {
            width,
            cond,
            dst,
            src,
            off: off16()?,
        },
        Instruction::Ja32 { .. } => Instruction::Ja32 { imm: imm32()? },
        Instruction::Call(CallTarget::Local(_)) => Instruction::Call(CallTarget::Local(imm32()?)),
        Instruction::LdImm64 {
            dst,
            value: LdImm64::Func(_),
        } => Instruction::LdImm64 {
            dst,
            value: LdImm64::Func(imm32()?),
        },
        other => return Err(format!("{other:?} takes no jump target")),
    })
}

/// Builds an instruction from a target as written: an offset goes in now, a label later.
pub(crate) fn resolve(insn: Instruction, target: Target) -> Result<Parsed, String> {
    match target {
        Target::Offset(offset) => Ok(Parsed::plain(with_offset(insn, offset)?)),
        Target::Label(label) => Ok(Parsed {
            insn,
            label_ref: Some(LabelRef { label }),
        }),
    }
}

/// Removes a comment: `;` and `//` anywhere, `#` at the start of the line or after whitespace
/// in the LLVM syntax (where `call bpf_map_lookup_elem#1` contains one), anywhere in the
/// conformance syntax.
fn strip_comment(text: &str, syntax: Syntax) -> &str {
    let mut end = text.len();
    for marker in [";", "//"] {
        if let Some(pos) = text.find(marker) {
            end = end.min(pos);
        }
    }
    match syntax {
        Syntax::Conformance => {
            if let Some(pos) = text.find('#') {
                end = end.min(pos);
            }
        }
        Syntax::Llvm => {
            for (pos, _) in text.match_indices('#') {
                if pos == 0 || text[..pos].ends_with(char::is_whitespace) {
                    end = end.min(pos);
                    break;
                }
            }
        }
    }
    &text[..end]
}

/// Takes a label definition `name:` (or objdump's `<name>:`) from the start of the line.
/// Purely numeric names are not labels: `12:` is a listing index.
fn take_label<'a>(cursor: &mut Cursor<'a>, syntax: Syntax) -> Option<&'a str> {
    let mut probe = cursor.clone();
    let angle = syntax == Syntax::Llvm && probe.eat("<");
    let name = probe.word()?;
    if angle && !probe.eat(">") {
        return None;
    }
    if !probe.rest().starts_with(':') || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    probe.eat(":");
    *cursor = probe;
    Some(name)
}

/// Reads a jump target: `+3`, `-3`, `3`, `pc+3` (kernel log) or a label, followed in listings by
/// an ignored `<label>` annotation.
pub(crate) fn target(cursor: &mut Cursor<'_>) -> Result<Target, String> {
    cursor.skip_ws();
    let pc_relative = cursor.rest().starts_with("pc+") || cursor.rest().starts_with("pc-");
    if pc_relative {
        cursor.eat("pc");
    }
    let target = if pc_relative || cursor.at_number() {
        let (value, _) = cursor.number()?;
        let offset = i64::try_from(value).map_err(|_| format!("offset {value} is out of range"))?;
        Target::Offset(offset)
    } else {
        let label = cursor
            .word()
            .ok_or_else(|| format!("expected a jump target {}", cursor.found()))?;
        Target::Label(label.to_string())
    };
    skip_annotation(cursor);
    Ok(target)
}

/// Skips an objdump annotation such as `<LBB0_2>` or `<.text+0x170>`.
pub(crate) fn skip_annotation(cursor: &mut Cursor<'_>) {
    cursor.skip_ws();
    if cursor.rest().starts_with('<')
        && let Some(end) = cursor.rest().find('>')
    {
        cursor.advance(end + 1);
    }
}

//! Rendering a [`VerifyError`] for people: the rule, the instruction with its disassembly, the
//! source line as a snippet, the state that matters, the path that led there and the hint.

use std::fmt::Write;

use sluice_isa::disasm::format_insn;
use sluice_isa::{Program, Syntax};

use crate::error::VerifyError;

/// A source location: file, line number and the line's text.
pub type SourceLine = (String, u32, String);

/// Renders `error` for `program`; `line_of` gives the source line of an instruction when the
/// object has BTF line info.
pub fn render(
    error: &VerifyError,
    program: &Program,
    line_of: &dyn Fn(usize) -> Option<SourceLine>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "error[{}]: {}", error.kind, error.message);
    let Some(idx) = error.insn_idx else {
        if let Some(hint) = &error.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        return out;
    };
    let location = line_of(idx);
    if let Some((file, line, text)) = &location {
        let width = line.to_string().len();
        let pad = " ".repeat(width);
        let _ = writeln!(out, "{pad}--> {file}:{line}");
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line} | {}", text.trim_end().replace('\t', "    "));
        let _ = writeln!(out, "{pad} |");
    }
    let insn = program
        .insns()
        .iter()
        .find(|(slot, _)| *slot == idx)
        .map(|(_, insn)| format_insn(insn, Syntax::Llvm));
    if let Some(insn) = insn {
        let _ = writeln!(out, "  = at insn {idx}: {insn}");
    }
    if !error.state.is_empty() {
        let _ = writeln!(out, "  = state:");
        for line in &error.state {
            let _ = writeln!(out, "      {line}");
        }
    }
    if !error.path.is_empty() {
        let steps: Vec<String> = error
            .path
            .iter()
            .map(|step| {
                let decision = if step.taken { "taken" } else { "not taken" };
                match line_of(step.insn_idx) {
                    Some((file, line, _)) => {
                        format!("insn {} {decision} ({file}:{line})", step.insn_idx)
                    }
                    None => format!("insn {} {decision}", step.insn_idx),
                }
            })
            .collect();
        let _ = writeln!(out, "  = path: {}", steps.join(", "));
    }
    if let Some(hint) = &error.hint {
        let mut hint = hint.clone();
        if let Some(related) = error.related_insn
            && let Some((file, line, _)) = line_of(related)
        {
            hint = hint.replace(
                &format!("insn {related}"),
                &format!("insn {related} ({file}:{line})"),
            );
        }
        let _ = writeln!(out, "  = hint: {hint}");
    }
    out
}

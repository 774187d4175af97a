//! One module per subcommand.

pub(crate) mod asm;
pub(crate) mod conformance;
pub(crate) mod conformance_plugin;
pub(crate) mod disasm;
pub(crate) mod disasm_native;
pub(crate) mod exec;
pub(crate) mod inspect;
pub(crate) mod run;
pub(crate) mod send;
pub(crate) mod test_run;
pub(crate) mod trace;
pub(crate) mod verify;

use std::path::Path;

use anyhow::{Context, Result, bail};
use sluice_isa::asm::assemble_program;
use sluice_isa::{Program, Syntax};

use crate::input::{elf_code_sections, guess_syntax, is_elf, is_text, read_file};

/// Loads a program from an ELF object (one code section), assembly text or raw bytecode.
pub(crate) fn load_program(
    path: &Path,
    section: Option<&str>,
    syntax: Option<Syntax>,
) -> Result<Program> {
    let bytes = read_file(path)?;
    let shown = path.display();
    if is_elf(&bytes) {
        let mut sections =
            elf_code_sections(&bytes, section).with_context(|| format!("{shown}"))?;
        if sections.len() > 1 {
            let names: Vec<&str> = sections.iter().map(|s| s.name.as_str()).collect();
            bail!(
                "{shown} has several code sections ({}); choose one with --section",
                names.join(", ")
            );
        }
        let section = sections.remove(0);
        return Program::from_bytes(&section.bytes)
            .with_context(|| format!("{shown}: section {}", section.name));
    }
    if is_text(&bytes) {
        let text = String::from_utf8_lossy(&bytes);
        let syntax = syntax.unwrap_or_else(|| guess_syntax(&text));
        return assemble_program(&text, syntax).with_context(|| format!("{shown}"));
    }
    Program::from_bytes(&bytes).with_context(|| format!("{shown}"))
}

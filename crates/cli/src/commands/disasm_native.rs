//! `sluice disasm --jited`: the native code the JIT makes of one program, interleaved with the
//! eBPF instructions it comes from and their source lines.
//!
//! The program is loaded as `sluice test-run` loads it (maps created, verified, load-time
//! rewrites applied), so the code shown is the code that runs. The listing follows the code's
//! layout (`crates/jit/src/codegen.rs`): the entry stub, then each eBPF instruction's native
//! instructions in slot order, then the trap stubs.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use sluice_isa::Syntax;
use sluice_isa::disasm::format_insn;
use sluice_jit::{JitOptions, JitProgram};
use sluice_obj::Object;
use sluice_runtime::{LoadOptions, LoadedObject, RuntimeError};

use crate::input::{is_elf, read_file};

/// Prints the listing of `program` (or the object's only program) in `file`.
pub(crate) fn run(file: &Path, program: Option<&str>, harden: bool) -> Result<ExitCode> {
    let shown = file.display();
    let bytes = read_file(file)?;
    if !is_elf(&bytes) {
        bail!("{shown} is not an ELF object: --jited compiles a program of an object");
    }
    let object = Object::parse(&bytes).with_context(|| format!("{shown}"))?;
    let names: Vec<String> = object.programs.iter().map(|p| p.name.clone()).collect();
    let name = match (program, names.as_slice()) {
        (Some(name), _) => name.to_string(),
        (None, [only]) => only.clone(),
        (None, []) => bail!("{shown} has no programs"),
        (None, _) => bail!(
            "{shown} has {} programs ({}); choose one with --program",
            names.len(),
            names.join(", ")
        ),
    };
    if !names.contains(&name) {
        bail!(
            "{shown} has no program `{name}` (programs: {})",
            names.join(", ")
        );
    }
    let loaded = match LoadedObject::load(object, &LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(RuntimeError::Rejected {
            program, rendered, ..
        }) => {
            eprintln!("{shown}: program `{program}` rejected by the verifier:\n{rendered}");
            return Ok(ExitCode::FAILURE);
        }
        Err(error) => return Err(error).with_context(|| format!("{shown}")),
    };
    let loaded_program = loaded.program(&name)?;
    let options = JitOptions {
        harden,
        ..JitOptions::default()
    };
    let jit = JitProgram::of_with(&loaded_program.executable, options)
        .with_context(|| format!("{shown}: the JIT cannot compile `{name}`"))?;
    let def = &loaded.object.programs[loaded_program.def_index];
    let source_line = |slot| sluice_verifier::object::source_line(&loaded.object, def, slot);
    let mut out = std::io::stdout().lock();
    write_listing(&mut out, &name, loaded_program, &jit, &source_line)?;
    Ok(ExitCode::SUCCESS)
}

/// The native instructions in `code[start..end]`, one line each, indented under their eBPF
/// instruction. Offsets are from the start of the code.
fn write_native(out: &mut impl Write, code: &[u8], start: usize, end: usize) -> Result<()> {
    let mut decoder = Decoder::with_ip(64, &code[start..end], start as u64, DecoderOptions::NONE);
    let mut formatter = IntelFormatter::new();
    formatter.options_mut().set_hex_prefix("0x");
    formatter.options_mut().set_hex_suffix("");
    formatter.options_mut().set_branch_leading_zeros(false);
    formatter.options_mut().set_uppercase_hex(false);
    let mut text = String::new();
    for insn in &mut decoder {
        text.clear();
        formatter.format(&insn, &mut text);
        let at = insn.ip() as usize;
        let bytes: Vec<String> = code[at..at + insn.len()]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        writeln!(out, "    {at:6x}:  {:<30} {text}", bytes.join(" "))?;
    }
    Ok(())
}

fn write_listing(
    out: &mut impl Write,
    name: &str,
    loaded: &sluice_runtime::LoadedProgram,
    jit: &JitProgram,
    source_line: &dyn Fn(usize) -> Option<(String, u32, String)>,
) -> Result<()> {
    let code = jit.code();
    let insns = loaded.program.insns();
    let prog_type = loaded
        .prog_type
        .map_or_else(|| "unknown type".to_string(), |t| t.to_string());
    writeln!(
        out,
        "; {name} ({prog_type}): {} eBPF instructions, {} bytes of x86-64 code{}",
        insns.len(),
        code.len(),
        if jit.options().harden {
            ", constants blinded"
        } else {
            ""
        }
    )?;
    let first = insns
        .first()
        .and_then(|&(slot, _)| jit.slot_offset(slot))
        .unwrap_or(code.len());
    writeln!(out, "; entry stub")?;
    write_native(out, code, 0, first)?;
    let mut last_line = None;
    let mut end_of_program = first;
    for (index, &(slot, insn)) in insns.iter().enumerate() {
        let Some(start) = jit.slot_offset(slot) else {
            continue;
        };
        // An instruction's code runs to the next instruction's; the last one's to the end of
        // the instructions' code.
        let end = insns[index + 1..]
            .iter()
            .find_map(|&(next, _)| jit.slot_offset(next))
            .unwrap_or_else(|| jit.instructions_end())
            .min(code.len());
        if let Some((file, line, text)) = source_line(slot)
            && last_line.as_ref() != Some(&(file.clone(), line))
        {
            writeln!(out, "; {file}:{line}: {}", text.trim())?;
            last_line = Some((file, line));
        }
        writeln!(out, "{slot:5}: {}", format_insn(&insn, Syntax::Llvm))?;
        write_native(out, code, start, end)?;
        end_of_program = end;
    }
    if end_of_program < code.len() {
        writeln!(
            out,
            "; trap stubs (running off the end, then one per trapping site)"
        )?;
        write_native(out, code, end_of_program, code.len())?;
    }
    Ok(())
}

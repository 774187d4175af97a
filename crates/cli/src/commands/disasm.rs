//! `sluice disasm`: print bytecode as text.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use sluice_isa::disasm::{ListingOptions, disassemble};
use sluice_isa::{Syntax, slots_from_bytes};

use crate::input::{elf_code_sections, is_elf, read_file};

/// Disassemble raw bytecode or the code sections of an ELF object.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  sluice disasm prog.bin                  raw bytecode, LLVM/kernel syntax
  sluice disasm prog.o                    every code section of an object compiled by clang
  sluice disasm prog.o --section xdp      one section
  sluice disasm prog.bin --syntax conformance --bytes
  sluice disasm --jited prog.o --program xdp_prog
                                          the JIT's x86-64 code for one program, under each
                                          eBPF instruction and its source line

Slots that do not decode are shown as comments; the command then exits with status 1.")]
pub(crate) struct Args {
    /// Raw bytecode or an ELF object (`-` for standard input).
    file: PathBuf,
    /// Output syntax: llvm (default) or conformance.
    #[arg(long, default_value = "llvm")]
    syntax: Syntax,
    /// Only this ELF section.
    #[arg(long)]
    section: Option<String>,
    /// Show each instruction's bytes.
    #[arg(long)]
    bytes: bool,
    /// Leave out the slot indices (the output is then plain assembly source).
    #[arg(long)]
    no_index: bool,
    /// Show the native x86-64 code the JIT makes of a program of an ELF object (loaded and
    /// verified as `sluice test-run` does), interleaved with its eBPF instructions and source
    /// lines.
    #[arg(long)]
    jited: bool,
    /// With --jited: the program to compile (needed when the object has several).
    #[arg(long, requires = "jited")]
    program: Option<String>,
    /// With --jited: the code with constant blinding, as `--harden` runs it.
    #[arg(long, requires = "jited")]
    harden: bool,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    if args.jited {
        if args.section.is_some() || args.bytes || args.no_index {
            bail!(
                "--jited lists native code of a program: --section, --bytes and --no-index do not apply"
            );
        }
        return super::disasm_native::run(&args.file, args.program.as_deref(), args.harden);
    }
    let bytes = read_file(&args.file)?;
    let shown = args.file.display();
    let options = ListingOptions {
        syntax: args.syntax,
        show_index: !args.no_index,
        show_bytes: args.bytes,
    };
    let comment = if args.syntax == Syntax::Llvm {
        ";"
    } else {
        "#"
    };
    let mut stdout = std::io::stdout().lock();
    let mut n_errors = 0;
    let mut first_error = None;
    let sections = if is_elf(&bytes) {
        elf_code_sections(&bytes, args.section.as_deref()).with_context(|| format!("{shown}"))?
    } else {
        if args.section.is_some() {
            bail!("{shown} is raw bytecode, not an ELF object: --section does not apply");
        }
        vec![crate::input::CodeSection {
            name: String::new(),
            bytes,
            symbols: Vec::new(),
        }]
    };
    let several = sections.len() > 1 || !sections[0].name.is_empty();
    for section in sections {
        let slots = slots_from_bytes(&section.bytes).map_err(|trailing| {
            anyhow::anyhow!(
                "{shown}{}: length {} is not a multiple of 8 ({trailing} trailing bytes at byte offset {})",
                if section.name.is_empty() { String::new() } else { format!(": section {}", section.name) },
                section.bytes.len(),
                section.bytes.len() - trailing
            )
        })?;
        if several {
            writeln!(stdout, "{comment} section {}", section.name)?;
        }
        let listing = disassemble(&slots, options);
        for (line, slot) in listing.text.lines().zip(&listing.line_slots) {
            // Function symbols become labels before their first instruction.
            for (_, name) in section
                .symbols
                .iter()
                .filter(|(offset, _)| *offset == *slot as u64 * 8)
            {
                writeln!(stdout, "{name}:")?;
            }
            writeln!(stdout, "{line}")?;
        }
        if let Some(error) = listing.errors.first() {
            first_error.get_or_insert_with(|| {
                format!(
                    "{shown}: {}{error}",
                    if section.name.is_empty() {
                        String::new()
                    } else {
                        format!("section {}: ", section.name)
                    }
                )
            });
        }
        n_errors += listing.errors.len();
    }
    if let Some(error) = first_error {
        eprintln!("error: {error} ({n_errors} invalid slot(s) in all)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

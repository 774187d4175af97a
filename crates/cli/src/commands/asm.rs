//! `sluice asm`: assemble text into bytecode.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use sluice_isa::Syntax;
use sluice_isa::asm::assemble_program;

use crate::input::{guess_syntax, read_file};

/// Assemble eBPF text into bytecode.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Syntaxes:
  llvm         r0 = *(u32 *)(r1 + 4); if r1 s> 5 goto +3; r1 = 0x1234 ll; call 1
               (also reads llvm-objdump -d output and kernel verifier log lines)
  conformance  ldxw %r0, [%r1+4]; jsgt %r1, 5, +3; lddw %r1, 0x1234; call 1
By default the syntax is guessed: text with %r registers is conformance syntax.

Examples:
  sluice asm prog.s -o prog.bin      write raw bytecode
  sluice asm prog.s                  print the bytecode as hex, one instruction per line
  echo 'r0 = 42
exit' | sluice asm -")]
pub(crate) struct Args {
    /// Assembly source file (`-` for standard input).
    file: PathBuf,
    /// Write raw bytecode here instead of printing hex.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Source syntax: llvm or conformance (default: guessed).
    #[arg(long)]
    syntax: Option<Syntax>,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let bytes = read_file(&args.file)?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("{} is not UTF-8 text", args.file.display()))?;
    let syntax = args.syntax.unwrap_or_else(|| guess_syntax(&text));
    let program =
        assemble_program(&text, syntax).with_context(|| format!("{}", args.file.display()))?;
    match args.output {
        Some(output) => std::fs::write(&output, program.to_bytes())
            .with_context(|| format!("cannot write {}", output.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            for slot in program.slots() {
                let hex: Vec<String> = slot.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
                writeln!(stdout, "{}", hex.join(" "))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `sluice exec`: run a program once on some input memory and print `r0`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use sluice_conformance::{Engine, run_program};
use sluice_isa::Syntax;

use super::load_program;
use crate::engine_choice::engine_config;
use crate::input::parse_hex;

/// Run a program once and print its return value (r0).
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The program gets r1 = a pointer to the input memory and r2 = its length, as in the
conformance suite; helper 5 returns its first argument. r0 is printed in hex.

Examples:
  sluice exec prog.s                               assemble and run
  sluice exec prog.bin --mem '01 02 03 04'         raw bytecode with 4 bytes of input
  sluice exec prog.o --section .text --json        one section of an ELF object")]
pub(crate) struct Args {
    /// Raw bytecode, assembly text or an ELF object (`-` for standard input).
    file: PathBuf,
    /// Input memory as hex bytes (`aa bb cc` or `aabbcc`).
    #[arg(long, default_value = "")]
    mem: String,
    /// Engine to run on: jit (the default on x86-64) or interp.
    #[arg(long, default_value_t = Engine::default())]
    engine: Engine,
    /// With the JIT: blind the program's constants in the native code, as the kernel does with
    /// bpf_jit_harden (JIT spraying defence).
    #[arg(long)]
    harden: bool,
    /// Syntax of assembly text: llvm or conformance (default: guessed).
    #[arg(long)]
    syntax: Option<Syntax>,
    /// ELF section holding the program.
    #[arg(long)]
    section: Option<String>,
    /// Print a JSON object {"r0": ..., "memory": "..."} instead of r0 alone.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let mut memory = parse_hex(&args.mem).map_err(|error| anyhow!("--mem: {error:#}"))?;
    let program = load_program(&args.file, args.section.as_deref(), args.syntax)?;
    let engine = engine_config(args.engine, args.harden).map_err(|error| anyhow!(error))?;
    let r0 = run_program(engine, &program, &mut memory)
        .map_err(|error| anyhow!("{}: {error}", args.file.display()))?;
    if args.json {
        let hex: String = memory.iter().map(|b| format!("{b:02x}")).collect();
        println!(
            "{}",
            serde_json::json!({ "r0": r0, "r0_hex": format!("{r0:#x}"), "memory": hex })
        );
    } else {
        println!("{r0:#x}");
    }
    Ok(ExitCode::SUCCESS)
}

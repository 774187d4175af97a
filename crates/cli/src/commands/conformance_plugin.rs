//! `sluice conformance-plugin`: the plugin protocol of the `bpf_conformance` runner.

use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use sluice_conformance::{Engine, run_bytecode};

use crate::engine_choice::engine_config;
use crate::input::{elf_code_sections, parse_hex};

/// Act as a plugin of the bpf_conformance runner.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Protocol: the program arrives as hex bytes on standard input (or with --program), the
input memory as hex bytes in the first argument; r0 is printed in hex on standard output.
On a load or run error the message goes to standard error and the exit status is 1.

Examples:
  echo 'b7 00 00 00 2a 00 00 00 95 00 00 00 00 00 00 00' | sluice conformance-plugin
  bpf_conformance_runner --test_file_directory tests --plugin_path sluice \\
      --plugin_options conformance-plugin")]
pub(crate) struct Args {
    /// Input memory as hex bytes.
    memory: Option<String>,
    /// Program as hex bytes (instead of standard input).
    #[arg(long)]
    program: Option<String>,
    /// The program is an ELF object (hex), not raw bytecode.
    #[arg(long)]
    elf: bool,
    /// Engine to run on: jit (the default on x86-64) or interp.
    #[arg(long, default_value_t = Engine::default())]
    engine: Engine,
    /// With the JIT: blind the program's constants in the native code, as the kernel does with
    /// bpf_jit_harden (JIT spraying defence).
    #[arg(long)]
    harden: bool,
    /// Accepted for compatibility with other plugins; ignored.
    #[arg(long)]
    debug: bool,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let program_hex = match args.program {
        Some(hex) => hex,
        None => std::io::read_to_string(std::io::stdin())
            .context("cannot read the program from standard input")?,
    };
    let mut program = parse_hex(&program_hex).context("program")?;
    if args.elf {
        let sections = elf_code_sections(&program, None)?;
        let Some(section) = sections.into_iter().next() else {
            bail!("the object has no code")
        };
        program = section.bytes;
    }
    let mut memory = parse_hex(args.memory.as_deref().unwrap_or("")).context("memory")?;
    let engine = engine_config(args.engine, args.harden).map_err(|error| anyhow!(error))?;
    match run_bytecode(engine, &program, &mut memory) {
        Ok(r0) => {
            println!("{r0:x}");
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!("{error}");
            Ok(ExitCode::FAILURE)
        }
    }
}

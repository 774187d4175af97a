//! `sluice conformance`: run the BPF conformance suite's `.data` files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use sluice_conformance::{Engine, run_dir};

use crate::engine_choice::engine_config;

/// Run every .data file of a conformance suite directory.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each file's program runs with r1 = its memory, r2 = the memory's length; helper 5
returns its first argument. A test passes when r0 equals its result, or, for a test
that expects an error, when loading or running fails (with the expected text, if any).
A file that cannot be parsed fails. The last line reads `N passed, M failed`; the exit
status is 1 if any test failed.

Example:
  sluice conformance ../shared/conformance/bpf_conformance/tests")]
pub(crate) struct Args {
    /// Directory holding .data files.
    dir: PathBuf,
    /// Engine to run on: jit (the default on x86-64) or interp.
    #[arg(long, default_value_t = Engine::default())]
    engine: Engine,
    /// With the JIT: blind the program's constants in the native code, as the kernel does with
    /// bpf_jit_harden (JIT spraying defence).
    #[arg(long)]
    harden: bool,
    /// Print one JSON object with every verdict instead of text.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let engine = engine_config(args.engine, args.harden).map_err(|error| anyhow!(error))?;
    let report = run_dir(&args.dir, engine)
        .with_context(|| format!("cannot read the directory {}", args.dir.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for test in &report.tests {
            if test.passed {
                println!("PASS {}", test.name);
            } else {
                println!("FAIL {}: {}", test.name, test.message);
            }
        }
        println!("{} passed, {} failed", report.passed, report.failed);
    }
    Ok(if report.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

//! `sluice`: the command-line front end. Each subcommand lives in its own file under
//! `commands/`; this file only parses arguments and maps results to exit codes.
//!
//! Exit codes: 0 success, 1 failure (a program that does not load or traps, a failed test),
//! 2 usage error (as clap reports it).

#![forbid(unsafe_code)]

mod commands;
mod engine_choice;
mod globals;
mod input;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Sluice: an eBPF platform in user space.
#[derive(Debug, Parser)]
#[command(name = "sluice", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Asm(commands::asm::Args),
    Disasm(commands::disasm::Args),
    Exec(commands::exec::Args),
    Inspect(commands::inspect::Args),
    Run(commands::run::Args),
    Send(commands::send::Args),
    Trace(commands::trace::Args),
    TestRun(commands::test_run::Args),
    Verify(commands::verify::Args),
    Conformance(commands::conformance::Args),
    ConformancePlugin(commands::conformance_plugin::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Asm(args) => commands::asm::run(args),
        Command::Disasm(args) => commands::disasm::run(args),
        Command::Exec(args) => commands::exec::run(args),
        Command::Inspect(args) => commands::inspect::run(args),
        Command::Run(args) => commands::run::run(args),
        Command::Send(args) => commands::send::run(args),
        Command::Trace(args) => commands::trace::run(args),
        Command::TestRun(args) => commands::test_run::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Conformance(args) => commands::conformance::run(args),
        Command::ConformancePlugin(args) => commands::conformance_plugin::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // A closed pipe (`sluice ... | head`) ends the output quietly, as for other tools.
            let broken_pipe = error.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::from(141);
            }
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

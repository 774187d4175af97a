//! `sluice verify`: run the verifier on the programs of an object and explain rejections.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use sluice_abi::prog_type::ProgType;
use sluice_isa::Program;
use sluice_obj::Object;
use sluice_verifier::object::{options_for, source_line};
use sluice_verifier::render::{SourceLine, render};
use sluice_verifier::{LogLevel, VerifyError, verify};

use crate::input::{is_elf, read_file};

/// Verify the programs of an object as the Linux verifier would.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit status: 0 when every selected program is accepted, 1 when one is rejected, 2 on a usage
or load error.

Examples:
  sluice verify prog.o                          every program of the object
  sluice verify prog.o --program xdp_main --json
  sluice verify prog.s --prog-type xdp          assembly text or raw bytecode")]
pub(crate) struct Args {
    /// An ELF object, assembly text or raw bytecode (`-` for standard input).
    file: PathBuf,
    /// Only this program (default: every program).
    #[arg(long)]
    program: Option<String>,
    /// Program type (bpftool's names); required for sections that do not say it.
    #[arg(long, value_name = "TYPE", value_parser = super::test_run::parse_prog_type)]
    prog_type: Option<ProgType>,
    /// Verify with the rules for unprivileged users.
    #[arg(long)]
    unprivileged: bool,
    /// 0: errors only; 1: also branch states; 2: every instruction with its state.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=2))]
    log_level: u8,
    /// Print one JSON object `{"programs": [...]}`.
    #[arg(long)]
    json: bool,
}

/// One program's outcome.
struct Outcome {
    name: String,
    section: String,
    program: Option<Program>,
    result: Result<sluice_verifier::VerifiedProgram, VerifyError>,
    line_of: Box<dyn Fn(usize) -> Option<SourceLine>>,
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let bytes = match read_file(&args.file) {
        Ok(bytes) => bytes,
        Err(error) => return Ok(usage_error(format!("{error:#}"))),
    };
    let shown = args.file.display().to_string();
    let log_level = match args.log_level {
        0 => LogLevel::Errors,
        1 => LogLevel::Branches,
        _ => LogLevel::Instructions,
    };
    let mut outcomes = Vec::new();
    if is_elf(&bytes) {
        let object = match Object::parse(&bytes) {
            Ok(object) => std::sync::Arc::new(object),
            Err(error) => return Ok(usage_error(format!("{shown}: {error}"))),
        };
        let selected: Vec<usize> = (0..object.programs.len())
            .filter(|&i| {
                args.program
                    .as_deref()
                    .is_none_or(|name| object.programs[i].name == name)
            })
            .collect();
        if selected.is_empty() {
            let names: Vec<&str> = object.programs.iter().map(|p| p.name.as_str()).collect();
            return Ok(usage_error(match &args.program {
                Some(name) => format!(
                    "{shown}: no program named `{name}` (programs: {})",
                    names.join(", ")
                ),
                None => format!("{shown}: the object has no programs"),
            }));
        }
        for i in selected {
            let def = &object.programs[i];
            let program = match def.program(&object) {
                Ok(program) => program,
                Err(error) => return Ok(usage_error(format!("{shown}: {error}"))),
            };
            let mut options = match options_for(&object, def, args.prog_type, !args.unprivileged) {
                Ok(options) => options,
                Err(error) => return Ok(usage_error(format!("{shown}: {}", error.message))),
            };
            options.log_level = log_level;
            let result = verify(&program, &options);
            let object = object.clone();
            outcomes.push(Outcome {
                name: def.name.clone(),
                section: def.section.clone(),
                program: Some(program),
                result,
                line_of: Box::new(move |insn| source_line(&object, &object.programs[i], insn)),
            });
        }
    } else {
        let Some(prog_type) = args.prog_type else {
            return Ok(usage_error(format!(
                "{shown} is not an ELF object: give its program type with --prog-type"
            )));
        };
        let program = match super::load_program(&args.file, None, None) {
            Ok(program) => program,
            Err(error) => return Ok(usage_error(format!("{error:#}"))),
        };
        let mut options = sluice_verifier::VerifyOptions::new(prog_type);
        options.privileged = !args.unprivileged;
        options.log_level = log_level;
        let result = verify(&program, &options);
        outcomes.push(Outcome {
            name: shown.clone(),
            section: String::new(),
            program: Some(program),
            result,
            line_of: Box::new(|_| None),
        });
    }
    let rejected = outcomes.iter().any(|o| o.result.is_err());
    let mut out = std::io::stdout().lock();
    if args.json {
        print_json(&mut out, &outcomes)?;
    } else {
        print_text(&mut out, &shown, &outcomes, log_level)?;
    }
    Ok(if rejected {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_json(out: &mut impl Write, outcomes: &[Outcome]) -> std::io::Result<()> {
    let programs: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            let stats = match &o.result {
                Ok(verified) => *verified.stats(),
                Err(error) => error.stats,
            };
            let mut value = serde_json::json!({
                "name": o.name,
                "section": o.section,
                "verdict": if o.result.is_ok() { "accepted" } else { "rejected" },
                "insns_processed": stats.insns_processed,
                "states": stats.states,
                "peak_states": stats.peak_states,
                "time_us": stats.time_us,
            });
            if let Err(error) = &o.result {
                let line = error.insn_idx.and_then(|idx| (o.line_of)(idx));
                value["error"] = serde_json::json!({
                    "insn": error.insn_idx,
                    "line": line.as_ref().map(|(_, line, _)| *line),
                    "file": line.as_ref().map(|(file, _, _)| file.clone()),
                    "source": line.as_ref().map(|(_, _, text)| text.trim().to_string()),
                    "kind": error.kind.name(),
                    "message": error.message,
                    "hint": error.hint,
                    "state": error.state,
                    "path": error.path.iter().map(|s| serde_json::json!({"insn": s.insn_idx, "taken": s.taken})).collect::<Vec<_>>(),
                });
            }
            value
        })
        .collect();
    writeln!(out, "{}", serde_json::json!({ "programs": programs }))
}

fn print_text(
    out: &mut impl Write,
    shown: &str,
    outcomes: &[Outcome],
    log_level: LogLevel,
) -> std::io::Result<()> {
    for o in outcomes {
        let stats = match &o.result {
            Ok(verified) => *verified.stats(),
            Err(error) => error.stats,
        };
        let figures = format!(
            "{} insns processed, {} states, {} us",
            stats.insns_processed, stats.states, stats.time_us
        );
        match &o.result {
            Ok(verified) => {
                if log_level > LogLevel::Errors {
                    for line in verified.log() {
                        writeln!(out, "{line}")?;
                    }
                }
                writeln!(
                    out,
                    "{shown}: {} ({}): accepted ({figures})",
                    o.name, o.section
                )?;
            }
            Err(error) => {
                for line in &error.log {
                    writeln!(out, "{line}")?;
                }
                writeln!(
                    out,
                    "{shown}: {} ({}): rejected ({figures})",
                    o.name, o.section
                )?;
                if let Some(program) = &o.program {
                    write!(out, "{}", render(error, program, &*o.line_of))?;
                } else {
                    writeln!(out, "error[{}]: {}", error.kind, error.message)?;
                }
            }
        }
    }
    Ok(())
}

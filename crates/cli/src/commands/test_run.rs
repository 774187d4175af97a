//! `sluice test-run`: one program of an object run on given input, as the kernel's
//! `BPF_PROG_TEST_RUN` (and `bpftool prog run`) would run it.
//!
//! The object is loaded with [`LoadedObject::load`] (maps created and initialised), the
//! program is run with [`sluice_runtime::test_run::test_run`], and the result is printed: the
//! return value, the data and context after the run, the average time per run and the
//! `bpf_trace_printk` lines. Exit status: 0 on success, 1 when the program traps or the input
//! is refused (as the kernel refuses it, with `EINVAL`), 2 on a usage error (including a
//! program the object does not have, or a program type that cannot be known).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde_json::json;
use sluice_abi::prog_type::ProgType;
use sluice_obj::Object;
use sluice_runtime::test_run::{TestRunError, TestRunInput, TestRunOutput, test_run};
use sluice_runtime::{Engine, LoadOptions, LoadedObject, RuntimeError};

use crate::engine_choice::engine_config;
use crate::input::read_file;

/// Instructions one run may execute before it is stopped: the interpreter runs programs no
/// verifier has checked yet, so a runaway loop must end. Far above what verified programs do
/// (the kernel's `bpf_loop` allows 8 million iterations of a short callback).
const INSN_BUDGET: u64 = 1_000_000_000;

/// Run one program of an object on input data, like `bpftool prog run`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The program runs as the kernel's BPF_PROG_TEST_RUN runs it: XDP and tc programs see the frame
from the Ethernet header, socket filters from the network header; frames shorter than 14
bytes are refused (EINVAL), as the kernel refuses them. --ctx-in gives the context
(struct xdp_md, struct __sk_buff, raw tracepoint arguments) as raw bytes. The output is the
return value, the data and context after the (last) run, the average time per run and any
bpf_trace_printk lines.

Exit status: 0 on success, 1 when the program traps or the input is refused, 2 on a usage
error (unknown program, unknown --prog-type or --engine).

Examples:
  sluice test-run tests/corpus/array_map.o --program count_by_proto --data-in frame.bin
  sluice test-run prog.o --program cls --prog-type sched_cls --data-in - --json < frame.bin
  sluice test-run prog.o --program xdp_prog --data-in frame.bin --repeat 1000000")]
pub(crate) struct Args {
    /// ELF object compiled with clang -target bpf.
    file: PathBuf,
    /// The program (function name) to run.
    #[arg(long)]
    program: String,
    /// File with the input data (the packet), raw bytes; `-` for standard input.
    #[arg(long, value_name = "FILE")]
    data_in: Option<PathBuf>,
    /// File with the input context, raw bytes; `-` for standard input.
    #[arg(long, value_name = "FILE")]
    ctx_in: Option<PathBuf>,
    /// Runs over the same data and context; the duration is the average.
    #[arg(long, default_value_t = 1)]
    repeat: u32,
    /// Engine to run on: jit (the default on x86-64) or interp.
    #[arg(long, default_value_t = Engine::default(), value_parser = parse_engine)]
    engine: Engine,
    /// With the JIT: blind the program's constants in the native code, as the kernel does with
    /// bpf_jit_harden (JIT spraying defence).
    #[arg(long)]
    harden: bool,
    /// Program type (bpftool's names: xdp, sched_cls, socket_filter, ...); overrides the one
    /// the section name implies, for objects whose section names do not say it.
    #[arg(long, value_name = "TYPE", value_parser = parse_prog_type)]
    prog_type: Option<ProgType>,
    /// Set a global variable before load, as a libbpf skeleton does (`.rodata` knobs, `.data`,
    /// `.bss`): NAME=HEX, the value's bytes in memory order with the variable's size, e.g.
    /// cfg_multiplier=07000000 for a __u32 of 7. May be repeated.
    #[arg(long = "set", value_name = "NAME=HEX")]
    globals: Vec<String>,
    /// Set a `char` array global variable to a string (NUL-padded): NAME=TEXT. May be
    /// repeated.
    #[arg(long = "set-str", value_name = "NAME=TEXT")]
    globals_text: Vec<String>,
    /// Print one JSON object: retval, data_out and ctx_out (hex), duration_ns, trace.
    #[arg(long)]
    json: bool,
}

fn parse_engine(text: &str) -> Result<Engine, String> {
    text.parse::<Engine>()
        .map_err(|_| format!("test-run has no engine `{text}` (engines: interp, jit)"))
}

/// Parses a program type by bpftool's name; the error lists the names.
pub(crate) fn parse_prog_type(text: &str) -> Result<ProgType, String> {
    text.parse::<ProgType>().map_err(|error| {
        let names: Vec<&str> = ProgType::ALL
            .iter()
            .filter(|t| **t != ProgType::Unspec)
            .map(|t| t.name())
            .collect();
        format!("{error}; program types: {}", names.join(", "))
    })
}

/// Reads an input file (`-` for standard input).
fn read_input(path: &Path, what: &str) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .with_context(|| format!("{what}: cannot read standard input"))?;
        return Ok(bytes);
    }
    std::fs::read(path).with_context(|| format!("{what}: cannot read {}", path.display()))
}

/// A usage error: printed, exit status 2.
fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let from_stdin = [
        Some(args.file.as_path()),
        args.data_in.as_deref(),
        args.ctx_in.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|path| path.as_os_str() == "-")
    .count();
    if from_stdin > 1 {
        return Ok(usage_error(
            "only one of FILE, --data-in and --ctx-in can read standard input",
        ));
    }
    let bytes = read_file(&args.file)?;
    let shown = args.file.display();
    let object = Object::parse(&bytes).with_context(|| format!("{shown}"))?;
    let globals = crate::globals::settings(&object, &args.globals, &args.globals_text)?;
    let options = LoadOptions {
        prog_type: args.prog_type,
        force_prog_type: args.prog_type.is_some(),
        globals,
        ..LoadOptions::default()
    };
    let loaded = LoadedObject::load(object, &options).with_context(|| format!("{shown}"))?;
    let program = match loaded.program(&args.program) {
        Ok(program) => program,
        Err(error) => return Ok(usage_error(format!("{shown}: {error}"))),
    };
    let data_in = match &args.data_in {
        Some(path) => read_input(path, "--data-in")?,
        None => Vec::new(),
    };
    let ctx_in = match &args.ctx_in {
        Some(path) => Some(read_input(path, "--ctx-in")?),
        None => None,
    };
    let input = TestRunInput {
        data_in,
        ctx_in,
        repeat: args.repeat,
        cpu: 0,
        insn_budget: Some(INSN_BUDGET),
        engine: args.engine,
        jit_options: match engine_config(args.engine, args.harden) {
            Ok(config) => config.jit,
            Err(message) => return Ok(usage_error(message)),
        },
        ..TestRunInput::default()
    };
    let output = match test_run(&loaded, program, &input) {
        Ok(output) => output,
        Err(TestRunError::Runtime(RuntimeError::Unsupported(message))) => {
            return Ok(usage_error(format!("{shown}: {message}")));
        }
        Err(TestRunError::Runtime(error)) => {
            bail!("{shown}: program `{}`: {error}", program.name)
        }
        Err(error @ TestRunError::Trap { .. }) => bail!("{shown}: {error}"),
    };
    let prog_type = program.prog_type.map_or("unknown", |t| t.name());
    if args.json {
        print_json(&args, prog_type, &output)?;
    } else {
        print_text(&args, prog_type, &output);
    }
    Ok(ExitCode::SUCCESS)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn print_json(args: &Args, prog_type: &str, output: &TestRunOutput) -> Result<()> {
    let report = json!({
        "retval": output.retval,
        "data_out": hex(&output.data_out),
        "ctx_out": hex(&output.ctx_out),
        "duration_ns": output.duration_ns,
        "trace": output.events.trace,
        "program": args.program,
        "prog_type": prog_type,
        "repeat": args.repeat.max(1),
        "engine": args.engine.name(),
        "harden": args.harden,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

fn print_text(args: &Args, prog_type: &str, output: &TestRunOutput) {
    let repeat = args.repeat.max(1);
    println!(
        "{} ({prog_type}) on {}{}: {repeat} run{}",
        args.program,
        args.engine,
        if args.harden { " (hardened)" } else { "" },
        if repeat == 1 { "" } else { "s" }
    );
    println!("retval: {} ({:#x})", output.retval, output.retval);
    println!("duration: {} ns per run", output.duration_ns);
    println!("data_out: {} bytes", output.data_out.len());
    print_hex_dump(&output.data_out);
    println!("ctx_out: {} bytes", output.ctx_out.len());
    print_hex_dump(&output.ctx_out);
    if !output.events.trace.is_empty() {
        println!("trace_printk:");
        for line in &output.events.trace {
            println!("  {}", line.trim_end());
        }
    }
}

/// `hexdump -C` style: offset, 16 bytes in two groups of 8, the printable characters.
fn print_hex_dump(bytes: &[u8]) {
    for (row, chunk) in bytes.chunks(16).enumerate() {
        let mut hex = String::new();
        for (i, byte) in chunk.iter().enumerate() {
            if i == 8 {
                hex.push(' ');
            }
            hex.push_str(&format!("{byte:02x} "));
        }
        let text: String = chunk
            .iter()
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        println!("  {:04x}  {hex:<49} |{text}|", row * 16);
    }
}

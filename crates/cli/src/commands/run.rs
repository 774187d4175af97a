//! `sluice run`: a packet program on every frame of a capture, with a summary of its verdicts.
//!
//! Each frame goes through the runtime's test-run (the same path as `sluice test-run`, so the
//! program sees `xdp_md` or `__sk_buff` as in the kernel and may rewrite or resize the frame);
//! maps persist across frames. The capture is streamed: one frame in memory at a time.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::json;
use sluice_abi::prog_type::ProgType;
use sluice_abi::verdict::Verdict;
use sluice_capture::{CaptureReader, CaptureWriter, LINKTYPE_ETHERNET};
use sluice_obj::Object;
use sluice_runtime::test_run::{TestRunError, TestRunInput, test_run};
use sluice_runtime::{Engine, LoadOptions, LoadedObject};

use super::test_run::parse_prog_type;
use crate::engine_choice::engine_config;
use crate::input::read_file;

/// Run an XDP, tc or socket-filter program on every frame of a capture.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Every frame of the capture (pcap or pcapng, Ethernet) is run through the program as
BPF_PROG_TEST_RUN would run it; maps keep their contents from frame to frame. The summary
counts frames and bytes per verdict (XDP_PASS, TC_ACT_SHOT, keep/drop for socket filters),
frames the program trapped on, and the rate. trace_printk lines are printed as they happen.

Exit status: 0 when every frame was run; 1 when the capture is damaged (the frames before the
damage are run and counted) or the program trapped on a frame; 2 on a usage or load error.

Examples:
  sluice run firewall.o --pcap sample.pcap
  sluice run firewall.o --program xdp_firewall --pcap in.pcapng --write passed.pcap --json
  sluice run firewall.o --pcap in.pcap --split by-verdict/    by-verdict/XDP_DROP.pcap, ...")]
pub(crate) struct Args {
    /// ELF object with the program.
    file: PathBuf,
    /// The program to run (needed when the object has several).
    #[arg(long)]
    program: Option<String>,
    /// The capture to read, pcap or pcapng.
    #[arg(long, value_name = "IN")]
    pcap: PathBuf,
    /// Write the frames that pass (XDP_PASS and XDP_TX, TC_ACT_OK, kept bytes of socket
    /// filters), as the program left them, to this pcap capture.
    #[arg(long, value_name = "OUT")]
    write: Option<PathBuf>,
    /// Write every frame, as the program left it, to DIR/VERDICT.pcap (DIR/XDP_DROP.pcap,
    /// ...), one capture per verdict; DIR is created if needed.
    #[arg(long, value_name = "DIR")]
    split: Option<PathBuf>,
    /// Program type, for objects whose section names do not say it.
    #[arg(long, value_name = "TYPE", value_parser = parse_prog_type)]
    prog_type: Option<ProgType>,
    /// Engine to run on: jit (the default on x86-64) or interp.
    #[arg(long, default_value_t = Engine::default())]
    engine: Engine,
    /// With the JIT: blind the program's constants in the native code.
    #[arg(long)]
    harden: bool,
    /// After the run, print every map's entries, keys and values formatted from BTF (structs by
    /// field, integers in decimal, byte arrays in hex) where the object describes them.
    #[arg(long)]
    dump_maps: bool,
    /// Print one JSON object with the summary instead of text.
    #[arg(long)]
    json: bool,
}

/// Entries one map dump shows at most.
const MAX_DUMPED_ENTRIES: usize = 10_000;

/// One map's dump: its name, its type's name, and its entries as (key, value) text.
type MapDump = (String, String, Vec<(String, String)>);

/// Every map of `loaded` with its entries, in the object's order. Maps without keys to walk
/// (ring buffers, ...) have none.
fn dump_maps(loaded: &LoadedObject) -> Vec<MapDump> {
    let btf = loaded.object.btf.as_ref();
    let format = |type_id: Option<u32>, bytes: &[u8]| {
        type_id
            .and_then(|id| btf?.format_value(id, bytes).ok())
            .unwrap_or_else(|| bytes.iter().map(|b| format!("{b:02x}")).collect())
    };
    let mut maps = Vec::new();
    for (def, map) in loaded.object.maps.iter().zip(&loaded.maps) {
        let spec = map.spec();
        let mut entries = Vec::new();
        let mut key: Option<Vec<u8>> = None;
        while entries.len() < MAX_DUMPED_ENTRIES {
            let mut next = vec![0u8; spec.key_size as usize];
            if spec.key_size == 0 || map.next_key(key.as_deref(), &mut next).is_err() {
                break;
            }
            let mut value = vec![0u8; spec.user_value_len()];
            if map.lookup(&next, &mut value).is_ok() {
                entries.push((
                    format(def.btf_key_type_id, &next),
                    format(def.btf_value_type_id, &value),
                ));
            }
            key = Some(next);
        }
        let kind = sluice_abi::map_type::MapType::from_u32(spec.map_type)
            .map_or_else(|| spec.map_type.to_string(), |t| t.name().to_string());
        maps.push((def.name.clone(), kind, entries));
    }
    maps
}

/// A progress line on standard error for captures that take more than a second, when standard
/// error is a terminal: frames so far, and how far into the file.
struct Progress {
    started: Instant,
    last: Instant,
    total_bytes: u64,
    shown: bool,
    enabled: bool,
}

impl Progress {
    fn new(path: &std::path::Path) -> Progress {
        use std::io::IsTerminal;
        let now = Instant::now();
        Progress {
            started: now,
            last: now,
            total_bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
            shown: false,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn update(&mut self, frames: u64, offset: u64) {
        // Checking the clock costs little next to a frame's run, but not nothing.
        if !self.enabled || !frames.is_multiple_of(1024) {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.started).as_secs() < 1
            || now.duration_since(self.last).as_millis() < 200
        {
            return;
        }
        self.last = now;
        self.shown = true;
        let percent = if self.total_bytes > 0 {
            offset as f64 * 100.0 / self.total_bytes as f64
        } else {
            0.0
        };
        let width = 30;
        let filled = ((percent / 100.0) * width as f64) as usize;
        eprint!(
            "\r[{}{}] {percent:5.1}%  {frames} frames",
            "#".repeat(filled.min(width)),
            " ".repeat(width - filled.min(width)),
        );
    }

    fn finish(&self) {
        if self.shown {
            eprint!("\r{}\r", " ".repeat(60));
        }
    }
}

/// Frames and bytes with one verdict.
#[derive(Default)]
struct Count {
    frames: u64,
    bytes: u64,
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let config = match engine_config(args.engine, args.harden) {
        Ok(config) => config,
        Err(message) => return Ok(usage_error(message)),
    };
    let shown = args.file.display().to_string();
    let object = Object::parse(&read_file(&args.file)?).with_context(|| shown.clone())?;
    let names: Vec<String> = object.programs.iter().map(|p| p.name.clone()).collect();
    let name = match (&args.program, names.as_slice()) {
        (Some(name), _) => name.clone(),
        (None, [only]) => only.clone(),
        (None, _) => {
            return Ok(usage_error(format!(
                "{shown} has {} programs ({}); choose one with --program",
                names.len(),
                names.join(", ")
            )));
        }
    };
    let options = LoadOptions {
        prog_type: args.prog_type,
        force_prog_type: args.prog_type.is_some(),
        ..LoadOptions::default()
    };
    let loaded = LoadedObject::load(object, &options).with_context(|| shown.clone())?;
    let program = match loaded.program(&name) {
        Ok(program) => program,
        Err(error) => return Ok(usage_error(format!("{shown}: {error}"))),
    };
    let Some(prog_type) = program.prog_type else {
        return Ok(usage_error(format!(
            "{shown}: the section of `{name}` does not say its program type; give --prog-type"
        )));
    };
    if !matches!(
        prog_type,
        ProgType::Xdp | ProgType::SchedCls | ProgType::SchedAct | ProgType::SocketFilter
    ) {
        return Ok(usage_error(format!(
            "{shown}: `{name}` is a {prog_type} program; run takes xdp, sched_cls, sched_act \
             and socket_filter programs"
        )));
    }
    let capture = match CaptureReader::open(&args.pcap) {
        Ok(capture) => capture,
        Err(error) => return Ok(usage_error(error)),
    };
    let mut writer = match &args.write {
        Some(path) => Some(CaptureWriter::create(path)?),
        None => None,
    };

    if let Some(dir) = &args.split {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("--split: cannot create {}", dir.display()))?;
    }
    let mut split: BTreeMap<Verdict, CaptureWriter<std::io::BufWriter<std::fs::File>>> =
        BTreeMap::new();
    let mut counts: BTreeMap<Verdict, Count> = BTreeMap::new();
    let mut out = std::io::stdout().lock();
    let (mut n_frames, mut n_bytes) = (0u64, 0u64);
    let (mut n_errors, mut first_error) = (0u64, None::<String>);
    let mut capture_error = None;
    let started = Instant::now();
    let mut progress = Progress::new(&args.pcap);
    for frame in capture {
        let frame = match frame {
            Ok(frame) => frame,
            Err(error) => {
                capture_error = Some(error.to_string());
                break;
            }
        };
        progress.update(n_frames, frame.offset);
        n_frames += 1;
        n_bytes += frame.data.len() as u64;
        let failed = |message: String| {
            format!(
                "frame {} (byte offset {}): {message}",
                frame.index, frame.offset
            )
        };
        if frame.link_type != LINKTYPE_ETHERNET {
            n_errors += 1;
            first_error.get_or_insert_with(|| {
                failed(format!("link type {} is not Ethernet", frame.link_type))
            });
            continue;
        }
        let input = TestRunInput {
            data_in: frame.data,
            repeat: 1,
            engine: config.engine,
            jit_options: config.jit,
            insn_budget: Some(1_000_000),
            ..TestRunInput::default()
        };
        let output = match test_run(&loaded, program, &input) {
            Ok(output) => output,
            Err(TestRunError::Runtime(error)) => {
                return Ok(usage_error(format!("{shown}: {error}")));
            }
            Err(error) => {
                n_errors += 1;
                first_error.get_or_insert_with(|| failed(error.to_string()));
                continue;
            }
        };
        if !args.json {
            for line in &output.events.trace {
                writeln!(out, "{line}")?;
            }
        }
        let verdict = Verdict::of(prog_type, output.retval, output.data_out.len());
        let count = counts.entry(verdict.clone()).or_default();
        count.frames += 1;
        count.bytes += output.data_out.len() as u64;
        if let Some(dir) = &args.split {
            if !split.contains_key(&verdict) {
                let path = dir.join(format!("{}.pcap", verdict.name()));
                split.insert(verdict.clone(), CaptureWriter::create(&path)?);
            }
            if let Some(out) = split.get_mut(&verdict) {
                out.write(frame.timestamp, &output.data_out)?;
            }
        }
        if let Some(writer) = &mut writer
            && verdict.passes()
        {
            let kept = match verdict {
                Verdict::Keep(bytes) => &output.data_out[..bytes as usize],
                _ => &output.data_out[..],
            };
            writer.write(frame.timestamp, kept)?;
        }
    }
    progress.finish();
    let seconds = started.elapsed().as_secs_f64();
    if let Some(writer) = writer {
        writer.finish()?;
    }
    for (_, out) in split {
        out.finish()?;
    }
    let rate = if seconds > 0.0 {
        n_frames as f64 / seconds
    } else {
        0.0
    };
    if args.json {
        let verdicts: serde_json::Map<String, serde_json::Value> = counts
            .iter()
            .map(|(verdict, count)| {
                (
                    verdict.name(),
                    json!({ "frames": count.frames, "bytes": count.bytes }),
                )
            })
            .collect();
        let report = json!({
            "program": name,
            "prog_type": prog_type.name(),
            "engine": args.engine.name(),
            "frames": n_frames,
            "bytes": n_bytes,
            "verdicts": verdicts,
            "errors": n_errors,
            "first_error": first_error,
            "capture_error": capture_error,
            "seconds": seconds,
            "frames_per_second": rate,
        });
        let mut report = report;
        if args.dump_maps {
            let maps: serde_json::Map<String, serde_json::Value> = dump_maps(&loaded)
                .into_iter()
                .map(|(name, kind, entries)| {
                    let entries: Vec<_> = entries
                        .into_iter()
                        .map(|(key, value)| json!({ "key": key, "value": value }))
                        .collect();
                    (name, json!({ "type": kind, "entries": entries }))
                })
                .collect();
            report["maps"] = serde_json::Value::Object(maps);
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        writeln!(
            out,
            "{name} ({prog_type}) on {}: {n_frames} frames, {n_bytes} bytes",
            args.pcap.display()
        )?;
        writeln!(out, "{:<16} {:>12} {:>14}", "verdict", "frames", "bytes")?;
        for (verdict, count) in &counts {
            writeln!(
                out,
                "{:<16} {:>12} {:>14}",
                verdict.name(),
                count.frames,
                count.bytes
            )?;
        }
        if n_errors > 0 {
            writeln!(out, "{:<16} {:>12}", "error", n_errors)?;
        }
        writeln!(out, "{:.0} frames per second ({seconds:.3} s)", rate)?;
        if args.dump_maps {
            for (name, kind, entries) in dump_maps(&loaded) {
                writeln!(out, "map {name} ({kind}): {} entries", entries.len())?;
                for (key, value) in entries {
                    writeln!(out, "  {key}: {value}")?;
                }
            }
        }
        if let Some(error) = &first_error {
            eprintln!("error: {error}");
        }
        if let Some(error) = &capture_error {
            eprintln!("error: {error}");
        }
    }
    Ok(if capture_error.is_some() || n_errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

//! `sluice run`: a packet program on every frame of a capture (or of a live interface), with
//! a summary of its verdicts.
//!
//! Each frame goes through the runtime's [`FrameRunner`](sluice_runtime::frames::FrameRunner),
//! which gives it what `BPF_PROG_TEST_RUN` would (`xdp_md` or `__sk_buff` as in the kernel;
//! the program may rewrite or resize the frame) at a fraction of the cost; maps persist across
//! frames. The capture is streamed: memory does not grow with its size.
//!
//! Modules: [`flow`] (which worker a frame goes to), [`workers`] (one or N threads),
//! [`sink`] (counts, captures written, events), [`dump`] (`--dump-maps`), [`map_init`]
//! (`--map-init`), [`progress`] (the progress line), [`live`] (`--iface`).

pub(crate) mod dump;
mod flow;
mod live;
mod map_init;
mod progress;
pub(crate) mod sink;
mod workers;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::json;
use sluice_abi::prog_type::ProgType;
use sluice_capture::{CaptureReader, LINKTYPE_ETHERNET};
use sluice_obj::Object;
use sluice_runtime::frames::FrameOptions;
use sluice_runtime::{Engine, LoadOptions, LoadedObject};

use super::test_run::parse_prog_type;
use crate::engine_choice::engine_config;
use crate::input::read_file;
use progress::Progress;
use sink::Sink;
use workers::{Input, run_frames};

/// Run an XDP, tc or socket-filter program on every frame of a capture or live interface.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Every frame of the capture (pcap or pcapng, Ethernet) is run through the program as
BPF_PROG_TEST_RUN would run it; maps keep their contents from frame to frame. The summary
counts frames and bytes per verdict (XDP_PASS, TC_ACT_SHOT, keep/drop for socket filters),
frames the program trapped on, and the rate. trace_printk lines, ring buffer records and perf
events are printed as they happen (not with --json, whose report counts them).

With --iface (root), frames come from a live interface through an AF_PACKET socket instead:
XDP_TX sends the frame as rewritten back out of it, XDP_REDIRECT out of the interface the
program names (bpf_redirect, or a device map), when that interface is given with --iface too;
XDP_PASS forwards it to --pass-to when given. Ctrl-C stops and prints the summary.

Exit status: 0 when every frame was run; 1 when the capture is damaged (the frames before the
damage are run and counted) or the program trapped on a frame; 2 on a usage or load error.

Examples:
  sluice run firewall.o --pcap sample.pcap
  sluice run firewall.o --program firewall --pcap in.pcapng --write passed.pcap --json
  sluice run firewall.o --pcap in.pcap --split by-verdict/    by-verdict/XDP_DROP.pcap, ...
  sluice run router.o --map-init routes.json --pcap in.pcap --workers 4
  sluice run lb.o --iface veth0 --iface veth1 --pass-to tap0")]
pub(crate) struct Args {
    /// ELF object with the program.
    file: PathBuf,
    /// The program to run (needed when the object has several).
    #[arg(long)]
    program: Option<String>,
    /// The capture to read, pcap or pcapng.
    #[arg(
        long,
        value_name = "IN",
        required_unless_present = "iface",
        conflicts_with = "iface"
    )]
    pcap: Option<PathBuf>,
    /// A live interface to attach to (root); give it again for more interfaces that
    /// XDP_REDIRECT may send to (frames are read from every one).
    #[arg(long, value_name = "NAME")]
    iface: Vec<String>,
    /// With --iface: send XDP_PASS frames (TC_ACT_OK, kept socket-filter bytes) out of this
    /// interface (a TAP device, ...) instead of only counting them.
    #[arg(long, value_name = "NAME", requires = "iface")]
    pass_to: Option<String>,
    /// With --iface: stop after this many seconds (default: at Ctrl-C).
    #[arg(long, value_name = "SECONDS", requires = "iface")]
    duration: Option<f64>,
    /// With --iface: stop after this many frames.
    #[arg(long, value_name = "N", requires = "iface")]
    count: Option<u64>,
    /// Write the frames that pass (XDP_PASS and XDP_TX, TC_ACT_OK, kept bytes of socket
    /// filters), as the program left them, to this pcap capture.
    #[arg(long, value_name = "OUT")]
    write: Option<PathBuf>,
    /// Write every frame, as the program left it, to DIR/VERDICT.pcap (DIR/XDP_DROP.pcap,
    /// ...), one capture per verdict; DIR is created if needed.
    #[arg(long, value_name = "DIR")]
    split: Option<PathBuf>,
    /// Put entries into maps before the first frame: a JSON object of map names, each an
    /// array of {"key": K, "value": V}, K and V hex strings of the key or value size (or
    /// integers, little-endian).
    #[arg(long, value_name = "FILE.json")]
    map_init: Option<PathBuf>,
    /// Run frames on N threads; frames of one flow (addresses, protocol, ports) go to one
    /// worker, in order, as receive-side scaling does; per-CPU maps get one slot per worker.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    workers: u32,
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
    /// field, integers in decimal, byte arrays in hex) where the object describes them;
    /// per-CPU maps show the value of every CPU (worker).
    #[arg(long)]
    dump_maps: bool,
    /// Print one JSON object with the summary instead of text.
    #[arg(long)]
    json: bool,
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
    let n_workers = args.workers.max(1);
    let options = LoadOptions {
        prog_type: args.prog_type,
        force_prog_type: args.prog_type.is_some(),
        // One slot of per-CPU maps per worker.
        n_cpus: Some(n_workers),
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
    if let Some(path) = &args.map_init
        && let Err(error) = map_init::apply(&loaded, path)
    {
        return Ok(usage_error(format!("{error:#}")));
    }
    let frame_options = FrameOptions {
        engine: config.engine,
        jit_options: config.jit,
        ..FrameOptions::default()
    };
    let mut sink = Sink::new(
        &loaded,
        prog_type,
        args.json,
        args.write.as_ref(),
        args.split.as_ref(),
        n_workers,
    )?;
    let started = Instant::now();
    let mut capture_error = None;
    let input_name;
    if let Some(pcap) = &args.pcap {
        input_name = pcap.display().to_string();
        let capture = match CaptureReader::open(pcap) {
            Ok(capture) => capture,
            Err(error) => return Ok(usage_error(error)),
        };
        let mut progress = Progress::new(pcap);
        let source = capture.map_while(|frame| match frame {
            Ok(frame) => Some(Input {
                index: frame.index,
                offset: frame.offset,
                timestamp: frame.timestamp,
                refused: (frame.link_type != LINKTYPE_ETHERNET)
                    .then(|| format!("link type {} is not Ethernet", frame.link_type)),
                ingress: 0,
                data: frame.data,
            }),
            Err(error) => {
                capture_error = Some(error.to_string());
                None
            }
        });
        run_frames(
            &loaded,
            program,
            frame_options,
            n_workers as usize,
            source,
            &mut sink,
            &mut |frames, offset| progress.update(frames, offset),
        )?;
        progress.finish();
    } else {
        input_name = args.iface.join(", ");
        let live = live::LiveOptions {
            ifaces: &args.iface,
            pass_to: args.pass_to.as_deref(),
            duration: args.duration,
            count: args.count,
        };
        if let Err(error) = live::run(
            &loaded,
            program,
            frame_options,
            n_workers as usize,
            &live,
            &mut sink,
        ) {
            return Ok(usage_error(format!("{error:#}")));
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    sink.finish_captures()?;
    report(
        &args,
        &loaded,
        &name,
        prog_type,
        &input_name,
        &mut sink,
        seconds,
        capture_error,
    )
}

/// Prints the summary (text or JSON) and gives the exit status.
#[allow(clippy::too_many_arguments)]
fn report(
    args: &Args,
    loaded: &LoadedObject,
    name: &str,
    prog_type: ProgType,
    input_name: &str,
    sink: &mut Sink,
    seconds: f64,
    capture_error: Option<String>,
) -> Result<ExitCode> {
    let rate = if seconds > 0.0 {
        sink.tally.n_frames as f64 / seconds
    } else {
        0.0
    };
    let (n_frames, n_bytes, n_errors) = (sink.tally.n_frames, sink.tally.n_bytes, sink.n_errors);
    let first_error = sink.first_error.clone();
    if args.json {
        let verdicts: serde_json::Map<String, serde_json::Value> = sink
            .tally
            .counts
            .iter()
            .map(|(verdict, count)| {
                (
                    verdict.name(),
                    json!({ "frames": count.frames, "bytes": count.bytes }),
                )
            })
            .collect();
        let mut report = json!({
            "program": name,
            "prog_type": prog_type.name(),
            "engine": args.engine.name(),
            "workers": args.workers,
            "frames": n_frames,
            "bytes": n_bytes,
            "verdicts": verdicts,
            "errors": n_errors,
            "first_error": first_error,
            "capture_error": capture_error,
            "events": {
                "trace": sink.n_trace,
                "ringbuf": sink.n_ringbuf,
                "perf": sink.n_perf,
            },
            "seconds": seconds,
            "frames_per_second": rate,
        });
        if let Some(forwarder) = sink.forwarder() {
            report["forwarded"] = json!(forwarder.counts);
            report["first_send_error"] = json!(forwarder.first_send_error);
        }
        if args.dump_maps {
            report["maps"] = dump::to_json(dump::dump_maps(loaded));
        }
        let out = sink.output();
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        out.flush()?;
    } else {
        let counts: Vec<(String, u64, u64)> = sink
            .tally
            .counts
            .iter()
            .map(|(verdict, count)| (verdict.name(), count.frames, count.bytes))
            .collect();
        let forwarded = sink.forwarder().map(|forwarder| {
            let counts: Vec<String> = forwarder
                .counts
                .iter()
                .map(|(reason, n)| format!("{reason} {n}"))
                .collect();
            (counts.join(", "), forwarder.first_send_error.clone())
        });
        let out = sink.output();
        writeln!(
            out,
            "{name} ({prog_type}) on {input_name}: {n_frames} frames, {n_bytes} bytes"
        )?;
        writeln!(out, "{:<16} {:>12} {:>14}", "verdict", "frames", "bytes")?;
        for (verdict, frames, bytes) in &counts {
            writeln!(out, "{verdict:<16} {frames:>12} {bytes:>14}")?;
        }
        if n_errors > 0 {
            writeln!(out, "{:<16} {:>12}", "error", n_errors)?;
        }
        writeln!(out, "{rate:.0} frames per second ({seconds:.3} s)")?;
        if let Some((counts, send_error)) = &forwarded {
            writeln!(
                out,
                "forwarded: {}",
                if counts.is_empty() { "none" } else { counts }
            )?;
            if let Some(error) = send_error {
                eprintln!("error: {error}");
            }
        }
        if args.dump_maps {
            dump::write_text(out, &dump::dump_maps(loaded))?;
        }
        out.flush()?;
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

//! Frames per second of a packet hook: Sluice's frame runner (what `sluice run` uses) side by
//! side with the Linux kernel's `BPF_PROG_TEST_RUN` for the same objects, and native Rust as
//! the limit, on an in-memory capture of 64-byte frames.
//!
//! Programs: `programs/c/drop_all.o` (returns `XDP_DROP`: the cost of the hook itself) and the
//! firewall example (`examples/firewall.o`: parses Ethernet, IPv4, TCP/UDP, drops three ports
//! and counts drops per port in a hash map). The frames are 4096 different IPv4 TCP and UDP
//! frames of 64 bytes, a quarter of them to blocked ports.
//!
//! Rows:
//! - Sluice JIT / interpreter: the frame runner, one frame after the other over the capture
//!   (each frame copied in, context reset, program called, verdict counted).
//! - Sluice test-run per frame: `test_run` called once per frame (the path before the runner).
//! - kernel test-run, repeat: the kernel's own loop (`repeat` = 10,000) on one frame, the time
//!   per run it reports, averaged over 64 of the frames; the kernel's best case.
//! - kernel test-run, live frames: the same loop with `BPF_F_TEST_XDP_LIVE_FRAMES`, where the
//!   kernel resets the frame before each run and carries out the verdict (drops recycle the
//!   page, passes build an skb for the stack): what a frame costs the kernel's XDP hook.
//! - kernel test-run per frame: one `BPF_PROG_TEST_RUN` call per frame (what running a
//!   capture through the kernel costs), timed around the calls.
//! - native: the same rule written in Rust, over the same frames.
//!
//! Then the frame runner on 1, 2, ... threads (one runner per thread, as `--workers` does),
//! frames per second in total.
//!
//!     cargo run --release -p sluice-bench --example frame_ratio

// Only the engines' constructors are used here, not the JIT suite's peers.
#[allow(dead_code)]
#[path = "../peers/foreign.rs"]
mod foreign;

use std::hint::black_box;
use std::time::Instant;

use sluice_bench::frames::{Frame, N_FRAMES, Subject, frames, load, load_into_kernel, subjects};
use sluice_kernel::TestRun;
use sluice_runtime::Engine;
use sluice_runtime::frames::{FrameOptions, FrameRunner};
use sluice_runtime::test_run::{TestRunInput, test_run};

/// Frames per timed batch of the runner (the capture is gone through several times).
const BATCH: usize = 1 << 18;
/// Timed batches per figure, the best counting: many short ones, because these shared
/// machines have slow spells of a second or more that a few long batches may all fall in.
const BATCHES: usize = 25;
/// Frames per thread when measuring threads.
const PER_WORKER: usize = 1 << 21;
const KERNEL_REPEAT: u32 = 10_000;

/// Nanoseconds per frame of the frame runner, best of several batches; and the drop count
/// of one pass over the capture.
fn runner_ns(subject: &Subject, engine: Engine, frames: &[Frame]) -> (f64, usize) {
    let loaded = load(subject);
    let program = loaded.program(subject.program).expect("program");
    let options = FrameOptions {
        engine,
        ..FrameOptions::default()
    };
    let mut runner = FrameRunner::new(&loaded, program, options).expect("runner");
    let drops = frames
        .iter()
        .filter(|frame| runner.run(&frame[..]).expect("runs").retval == 1)
        .count();
    let batch = if engine == Engine::Interp {
        BATCH / 8
    } else {
        BATCH
    };
    let mut best = f64::INFINITY;
    for _ in 0..BATCHES {
        let start = Instant::now();
        let mut dropped = 0u64;
        for frame in frames.iter().cycle().take(batch) {
            dropped += u64::from(runner.run(&frame[..]).expect("runs").retval == 1);
        }
        black_box(dropped);
        best = best.min(start.elapsed().as_nanos() as f64 / batch as f64);
    }
    (best, drops)
}

/// Nanoseconds per frame of `test_run` once per frame.
fn test_run_ns(subject: &Subject, frames: &[Frame]) -> f64 {
    let loaded = load(subject);
    let program = loaded.program(subject.program).expect("program");
    let mut best = f64::INFINITY;
    let n = frames.len() * 16;
    for _ in 0..BATCHES {
        let start = Instant::now();
        for frame in frames.iter().cycle().take(n) {
            let input = TestRunInput {
                data_in: frame.to_vec(),
                repeat: 1,
                ..TestRunInput::default()
            };
            black_box(test_run(&loaded, program, &input).expect("runs").retval);
        }
        best = best.min(start.elapsed().as_nanos() as f64 / n as f64);
    }
    best
}

/// What the kernel's test-run gives: ns per run with `repeat` on one frame, the same in
/// live-frames mode (the frame reset before each run and its verdict carried out), ns per frame
/// with one call per frame, and the drops.
struct KernelFigures {
    repeat: f64,
    live: Result<f64, String>,
    per_call: f64,
    drops: usize,
}

/// `BPF_F_TEST_XDP_LIVE_FRAMES`.
const XDP_LIVE_FRAMES: u32 = 1 << 1;

fn kernel_ns(subject: &Subject, frames: &[Frame]) -> Result<KernelFigures, String> {
    let kernel = load_into_kernel(subject)?;
    let program = &kernel.program;
    let run = |frame: &[u8], repeat: u32| {
        program
            .test_run(&TestRun {
                data_in: frame,
                data_out_size: 128,
                repeat,
                ..TestRun::default()
            })
            .map_err(|error| error.to_string())
    };
    let mut drops = 0;
    for frame in frames {
        drops += usize::from(run(&frame[..], 1)?.retval == 1);
    }
    let mut repeat_best = f64::INFINITY;
    for _ in 0..BATCHES {
        let mut total = 0.0;
        for frame in frames.iter().step_by(frames.len() / 64).take(64) {
            total += f64::from(run(&frame[..], KERNEL_REPEAT)?.duration_ns);
        }
        repeat_best = repeat_best.min(total / 64.0);
    }
    let mut call_best = f64::INFINITY;
    for _ in 0..BATCHES {
        let start = Instant::now();
        for frame in frames {
            black_box(run(&frame[..], 1)?.retval);
        }
        call_best = call_best.min(start.elapsed().as_nanos() as f64 / frames.len() as f64);
    }
    let live_run = |frame: &[u8]| {
        program
            .test_run(&TestRun {
                data_in: frame,
                repeat: KERNEL_REPEAT,
                flags: XDP_LIVE_FRAMES,
                ..TestRun::default()
            })
            .map(|output| f64::from(output.duration_ns))
            .map_err(|error| error.to_string())
    };
    let mut live = Ok(f64::INFINITY);
    for _ in 0..BATCHES {
        let mut total = 0.0;
        for frame in frames.iter().step_by(frames.len() / 64).take(64) {
            match live_run(&frame[..]) {
                Ok(ns) => total += ns,
                Err(error) => live = Err(error),
            }
        }
        if let Ok(best) = &mut live {
            *best = best.min(total / 64.0);
        }
    }
    Ok(KernelFigures {
        repeat: repeat_best,
        live,
        per_call: call_best,
        drops,
    })
}

/// rbpf's JIT and interpreter and solana-sbpf's JIT, for programs without maps or helpers:
/// ns per run, each engine's own runs over one frame (as the kernel's repeat), averaged over
/// 16 frames, best of the batches; or why an engine does not run the program.
fn foreign_ns(subject: &Subject, frames: &[Frame]) -> Vec<(&'static str, Result<f64, String>)> {
    let bytecode = match sluice_obj::Object::parse(&std::fs::read(&subject.path).expect("object"))
        .map_err(|error| error.to_string())
        .and_then(|object| {
            let def = object
                .program(subject.program)
                .map_err(|error| error.to_string())?;
            if !object.maps.is_empty() {
                return Err("uses maps, which rbpf and solana-sbpf do not have".to_string());
            }
            Ok(sluice_isa::slots_to_bytes(&def.insns))
        }) {
        Ok(bytecode) => bytecode,
        Err(reason) => {
            return ["rbpf JIT", "rbpf interpreter", "solana-sbpf JIT"]
                .into_iter()
                .map(|name| (name, Err(reason.clone())))
                .collect();
        }
    };
    let runners = [
        (
            "rbpf JIT",
            foreign::rbpf_runner(bytecode.clone(), true, None),
        ),
        (
            "rbpf interpreter",
            foreign::rbpf_runner(bytecode.clone(), false, None),
        ),
        ("solana-sbpf JIT", foreign::solana::runner(&bytecode)),
    ];
    runners
        .into_iter()
        .map(|(name, runner)| {
            let ns = runner.and_then(|mut runner| {
                for frame in frames.iter().take(16) {
                    let outcome = runner.run_once(&frame[..])?;
                    if outcome.retval != (subject.native)(&frame[..]) {
                        return Err(format!(
                            "returns {} where the rule says otherwise",
                            outcome.retval
                        ));
                    }
                }
                let mut best = f64::INFINITY;
                for _ in 0..BATCHES {
                    let mut total = 0.0;
                    for frame in frames.iter().take(16) {
                        total += runner.batch_ns_per_run(&frame[..], 10_000)?;
                    }
                    best = best.min(total / 16.0);
                }
                Ok(best)
            });
            (name, ns)
        })
        .collect()
}

fn native_ns(subject: &Subject, frames: &[Frame]) -> (f64, usize) {
    let drops = frames
        .iter()
        .filter(|f| (subject.native)(&f[..]) == 1)
        .count();
    let mut best = f64::INFINITY;
    for _ in 0..BATCHES {
        let start = Instant::now();
        let mut dropped = 0u64;
        for frame in frames.iter().cycle().take(BATCH) {
            dropped += u64::from((subject.native)(black_box(&frame[..])) == 1);
        }
        black_box(dropped);
        best = best.min(start.elapsed().as_nanos() as f64 / BATCH as f64);
    }
    (best, drops)
}

/// Frames per second in total with `workers` threads, each with its own runner, over the
/// same object (shared maps).
fn scaling(subject: &Subject, frames: &[Frame], workers: usize) -> f64 {
    let loaded = load(subject);
    let program = loaded.program(subject.program).expect("program");
    let per_worker = PER_WORKER;
    let start = Instant::now();
    std::thread::scope(|scope| {
        for worker in 0..workers {
            let loaded = &loaded;
            scope.spawn(move || {
                let options = FrameOptions {
                    cpu: worker as u32,
                    ..FrameOptions::default()
                };
                let mut runner = FrameRunner::new(loaded, program, options).expect("runner");
                let mut dropped = 0u64;
                for frame in frames.iter().cycle().skip(worker * 97).take(per_worker) {
                    dropped += u64::from(runner.run(&frame[..]).expect("runs").retval == 1);
                }
                black_box(dropped);
            });
        }
    });
    (per_worker * workers) as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let frames = frames();
    let subjects = subjects();
    // Only the JIT frame runner on the first program, for a profiler (perf, callgrind).
    if std::env::var_os("FRAME_RATIO_PROFILE").is_some() {
        let (ns, _) = runner_ns(&subjects[0], Engine::Jit, &frames);
        println!("{ns:.1} ns/frame");
        return;
    }
    let mfps = |ns: f64| 1e3 / ns;
    for subject in &subjects {
        println!("{} on {N_FRAMES} frames of 64 bytes:", subject.name);
        println!(
            "  {:<40} {:>10} {:>12} {:>10}",
            "engine", "ns/frame", "Mframes/s", "vs kernel"
        );
        let (native, native_drops) = native_ns(subject, &frames);
        let kernel = kernel_ns(subject, &frames);
        let kernel_repeat = kernel.as_ref().map(|figures| figures.repeat).ok();
        let row = |name: &str, ns: f64| {
            let ratio = kernel_repeat.map_or("-".to_string(), |k| format!("{:.2}x", ns / k));
            println!("  {name:<40} {ns:>10.1} {:>12.2} {ratio:>10}", mfps(ns));
        };
        let (jit, jit_drops) = runner_ns(subject, Engine::Jit, &frames);
        assert_eq!(jit_drops, native_drops, "the JIT and the rule agree");
        row("Sluice JIT (frame runner)", jit);
        let (interp, interp_drops) = runner_ns(subject, Engine::Interp, &frames);
        assert_eq!(
            interp_drops, native_drops,
            "the interpreter and the rule agree"
        );
        row("Sluice interpreter (frame runner)", interp);
        row(
            "Sluice JIT, test_run per frame",
            test_run_ns(subject, &frames),
        );
        match &kernel {
            Ok(figures) => {
                assert_eq!(figures.drops, native_drops, "the kernel and the rule agree");
                row("kernel test-run, repeat", figures.repeat);
                match &figures.live {
                    Ok(live) => row("kernel test-run, live frames", *live),
                    Err(reason) => println!("  kernel live frames: skipped ({reason})"),
                }
                row("kernel test-run, one call per frame", figures.per_call);
            }
            Err(reason) => println!("  kernel: skipped ({reason})"),
        }
        for (name, ns) in foreign_ns(subject, &frames) {
            match ns {
                Ok(ns) => row(&format!("{name} (one frame, repeated)"), ns),
                Err(reason) => println!("  {name}: not run ({reason})"),
            }
        }
        row("native Rust", native);
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let mut workers = 1;
        let mut line = String::new();
        while workers <= cores {
            let rate = scaling(subject, &frames, workers);
            line.push_str(&format!("  {workers}: {:.1}M", rate / 1e6));
            workers *= 2;
        }
        println!("  frames/s by threads ({cores} cores):{line}");
    }
}

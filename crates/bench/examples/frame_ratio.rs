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

use std::hint::black_box;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::{Path, PathBuf};
use std::time::Instant;

use sluice_abi::prog_type::ProgType;
use sluice_kernel::TestRun;
use sluice_obj::Object;
use sluice_runtime::frames::{FrameOptions, FrameRunner};
use sluice_runtime::test_run::{TestRunInput, test_run};
use sluice_runtime::{Engine, LoadOptions, LoadedObject};

#[path = "../../runtime/tests/corpus_harness/kernel_load.rs"]
mod kernel_load;

const N_FRAMES: usize = 4096;
/// Frames per timed batch of the runner (the capture is gone through several times).
const BATCH: usize = 1 << 21;
const BATCHES: usize = 5;
const KERNEL_REPEAT: u32 = 10_000;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// 64-byte Ethernet/IPv4 frames: TCP and UDP to a spread of ports, some blocked (23, 445,
/// 3389), from many sources (xorshift, fixed seed).
fn frames() -> Vec<[u8; 64]> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const PORTS: [u16; 8] = [80, 443, 22, 53, 23, 445, 3389, 8080];
    (0..N_FRAMES)
        .map(|_| {
            let random = next();
            let mut frame = [0u8; 64];
            frame[0..6].copy_from_slice(&[2, 0, 0, 0, 0, 1]);
            frame[6..12].copy_from_slice(&[2, 0, 0, 0, 1, random as u8]);
            frame[12..14].copy_from_slice(&[0x08, 0x00]);
            frame[14] = 0x45;
            frame[16..18].copy_from_slice(&50u16.to_be_bytes());
            frame[22] = 64;
            frame[23] = if random & 0x100 == 0 { 6 } else { 17 };
            frame[26..30].copy_from_slice(&[192, 168, (random >> 16) as u8, (random >> 24) as u8]);
            frame[30..34].copy_from_slice(&[10, 0, 0, 1]);
            frame[34..36].copy_from_slice(&(1024 + (random >> 32) as u16 % 60000).to_be_bytes());
            let port = PORTS[(random >> 48) as usize % PORTS.len()];
            frame[36..38].copy_from_slice(&port.to_be_bytes());
            frame
        })
        .collect()
}

/// The firewall's rule in Rust (for these well-formed frames): drop TCP/UDP to 23, 445, 3389.
fn firewall_native(frame: &[u8]) -> u32 {
    if frame[12..14] != [0x08, 0x00] {
        return 2;
    }
    let l4 = 14 + usize::from(frame[14] & 0xf) * 4;
    if !matches!(frame[23], 6 | 17) {
        return 2;
    }
    let port = u16::from_be_bytes([frame[l4 + 2], frame[l4 + 3]]);
    if matches!(port, 23 | 445 | 3389) {
        1
    } else {
        2
    }
}

struct Subject {
    name: &'static str,
    path: PathBuf,
    program: &'static str,
    native: fn(&[u8]) -> u32,
}

fn load(path: &Path) -> LoadedObject {
    let object = Object::parse(&std::fs::read(path).expect("object")).expect("parses");
    LoadedObject::load(object, &LoadOptions::default()).expect("loads")
}

/// Nanoseconds per frame of the frame runner, best of several batches; and the drop count
/// of one pass over the capture.
fn runner_ns(subject: &Subject, engine: Engine, frames: &[[u8; 64]]) -> (f64, usize) {
    let loaded = load(&subject.path);
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
fn test_run_ns(subject: &Subject, frames: &[[u8; 64]]) -> f64 {
    let loaded = load(&subject.path);
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

fn kernel_ns(subject: &Subject, frames: &[[u8; 64]]) -> Result<KernelFigures, String> {
    sluice_kernel::available().map_err(|errno| format!("kernel BPF unavailable ({errno})"))?;
    let object = Object::parse(&std::fs::read(&subject.path).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let btf = kernel_load::load_btf(&object)?;
    let names: Vec<String> = object
        .maps
        .iter()
        .map(|def| def.name.chars().take(15).collect())
        .collect();
    let maps = kernel_load::create_maps(&object, &names, btf.as_ref())?;
    let fd_array: Vec<BorrowedFd<'_>> = maps.iter().map(AsFd::as_fd).collect();
    let def = object
        .program(subject.program)
        .map_err(|error| error.to_string())?;
    let program =
        kernel_load::load_program(&object, def, &fd_array, ProgType::Xdp, btf.as_ref(), 0)
            .map_err(|error| error.to_string())?;
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

fn native_ns(subject: &Subject, frames: &[[u8; 64]]) -> (f64, usize) {
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
fn scaling(subject: &Subject, frames: &[[u8; 64]], workers: usize) -> f64 {
    let loaded = load(&subject.path);
    let program = loaded.program(subject.program).expect("program");
    let per_worker = BATCH;
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
    let subjects = [
        Subject {
            name: "drop_all",
            path: repo().join("crates/bench/programs/c/drop_all.o"),
            program: "drop_all",
            native: |_| 1,
        },
        Subject {
            name: "firewall",
            path: repo().join("examples/firewall.o"),
            program: "firewall",
            native: firewall_native,
        },
    ];
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
            "  {:<34} {:>10} {:>12} {:>10}",
            "engine", "ns/frame", "Mframes/s", "vs kernel"
        );
        let (native, native_drops) = native_ns(subject, &frames);
        let kernel = kernel_ns(subject, &frames);
        let kernel_repeat = kernel.as_ref().map(|figures| figures.repeat).ok();
        let row = |name: &str, ns: f64| {
            let ratio = kernel_repeat.map_or("-".to_string(), |k| format!("{:.2}x", ns / k));
            println!("  {name:<34} {ns:>10.1} {:>12.2} {ratio:>10}", mfps(ns));
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

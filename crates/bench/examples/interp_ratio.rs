//! Times Sluice's interpreter, rbpf 0.4.1's interpreter and native Rust on every workload
//! without criterion, and prints a Markdown table with the rbpf/Sluice speedup and its
//! geometric mean.
//!
//! Run with `cargo run --release -p sluice-bench --example interp_ratio`. It is an example
//! rather than a binary because rbpf is a dev-dependency of this crate, which binaries cannot
//! use.
//!
//! Each figure is the best of [`MEASUREMENTS`] batches, each batch running the workload enough
//! times to last at least [`MIN_BATCH`]; the best batch is the one least disturbed by the rest
//! of the machine. As in the criterion benchmark, the engines must agree on every workload
//! before anything is timed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use sluice_bench::{SluiceRunner, WORKLOADS, check_agreement};

/// Batches timed per engine and workload; the fastest one counts.
const MEASUREMENTS: usize = 5;

/// Shortest duration of one timed batch.
const MIN_BATCH: Duration = Duration::from_millis(100);

/// Loads bytecode into rbpf's interpreter (see `benches/interp.rs` for why `EbpfVmMbuff`).
fn load_rbpf(bytecode: &[u8]) -> Result<rbpf::EbpfVmMbuff<'_>, String> {
    rbpf::EbpfVmMbuff::new(Some(bytecode)).map_err(|error| format!("load failed: {error}"))
}

/// Runs a loaded program on rbpf's interpreter with `r1` pointing to `input`.
fn run_rbpf(vm: &rbpf::EbpfVmMbuff<'_>, input: &[u8]) -> Result<u64, String> {
    vm.execute_program(input, &[])
        .map_err(|error| format!("run failed: {error}"))
}

/// Seconds per call of `run`: the best of [`MEASUREMENTS`] batches of at least [`MIN_BATCH`].
fn seconds_per_run(mut run: impl FnMut() -> u64) -> f64 {
    let mut iterations = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..iterations {
            black_box(run());
        }
        if start.elapsed() >= MIN_BATCH {
            break;
        }
        iterations *= 2;
    }
    let mut best = f64::INFINITY;
    for _ in 0..MEASUREMENTS {
        let start = Instant::now();
        for _ in 0..iterations {
            black_box(run());
        }
        best = best.min(start.elapsed().as_secs_f64() / iterations as f64);
    }
    best
}

/// A duration in the unit that keeps it readable.
fn format_seconds(seconds: f64) -> String {
    if seconds >= 1e-3 {
        format!("{:.3} ms", seconds * 1e3)
    } else if seconds >= 1e-6 {
        format!("{:.2} µs", seconds * 1e6)
    } else {
        format!("{:.1} ns", seconds * 1e9)
    }
}

fn main() {
    println!(
        "| program | insns/run | Sluice interp | rbpf interp | native | rbpf/Sluice speedup |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let mut log_speedup_sum = 0.0;
    let mut n_speedups = 0;
    for workload in WORKLOADS {
        let program = workload.program();
        let bytecode = program.to_bytes();
        let sluice = SluiceRunner::new(&program);
        let mut input = (workload.make_input)();

        let rbpf_vm = load_rbpf(&bytecode);
        let rbpf_r0 = match &rbpf_vm {
            Ok(vm) => run_rbpf(vm, &input),
            Err(reason) => Err(reason.clone()),
        };
        let sluice_outcome = sluice.run(&mut input);
        let native_r0 = (workload.native)(&input);
        check_agreement(workload.name, sluice_outcome.r0, &rbpf_r0, native_r0);

        let sluice_seconds = seconds_per_run(|| sluice.run(black_box(&mut input)).r0);
        let rbpf_seconds = match (&rbpf_vm, &rbpf_r0) {
            (Ok(vm), Ok(_)) => Some(seconds_per_run(|| {
                run_rbpf(vm, black_box(&input)).unwrap_or_default()
            })),
            _ => None,
        };
        let native_seconds = seconds_per_run(|| (workload.native)(black_box(&input)));

        let (rbpf_cell, speedup_cell) = match rbpf_seconds {
            Some(rbpf_seconds) => {
                let speedup = rbpf_seconds / sluice_seconds;
                log_speedup_sum += speedup.ln();
                n_speedups += 1;
                (format_seconds(rbpf_seconds), format!("{speedup:.2}x"))
            }
            None => ("n/a".to_string(), "n/a".to_string()),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            workload.name,
            sluice_outcome.insns_executed,
            format_seconds(sluice_seconds),
            rbpf_cell,
            format_seconds(native_seconds),
            speedup_cell,
        );
    }
    if n_speedups > 0 {
        let geometric_mean = (log_speedup_sum / f64::from(n_speedups)).exp();
        println!("| **geometric mean** | | | | | **{geometric_mean:.2}x** |");
    }
}

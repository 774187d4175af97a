//! The JIT benchmark suite (`src/jit_suite.rs`, programs in `programs/jit_suite/`) on every
//! engine in one run: Sluice's JIT and interpreter, the Linux kernel's JIT through
//! `BPF_PROG_TEST_RUN`, rbpf 0.4.1's JIT and interpreter, solana-sbpf's JIT where a program fits
//! its dialect, and the same C compiled natively as the limit. Prints a Markdown table of the
//! time per run, one of each engine's time over the kernel's with geometric means, and why an
//! engine could not run a program.
//!
//! Every engine that runs a workload must give the reference model's return value and packet
//! before anything is timed; a difference stops the example with exit status 1. Times are per
//! run, the best of `jit_suite::BATCHES` batches of at least `jit_suite::MIN_BATCH`; Sluice and
//! the kernel time their own repeat loop (the kernel's `repeat` is at least 1,000), the others
//! are timed around each call. Without kernel BPF (not root, or no `bpf(2)`) the kernel column
//! says why and the ratio table is skipped.
//!
//!     cargo run --release -p sluice-bench --example jit_ratio
//!     cargo run --release -p sluice-bench --example jit_ratio -- checksum parse_packets
//!
//! (the arguments, if any, choose the programs)
//!
//! The rbpf and solana-sbpf peers are in `peers/foreign.rs` (shared with `benches/jit.rs`).

use std::collections::BTreeMap;

use sluice_bench::jit_suite::{self, Peer, Prepared, Runner, WORKLOADS, Workload};

#[path = "../peers/foreign.rs"]
mod foreign;

use foreign::{RbpfPeer, solana};

fn main() {
    let mut peers = jit_suite::peers();
    // the foreign engines go before native C, the last column
    let native = peers.pop().expect("the crate's peers end with native C");
    peers.push(Box::new(RbpfPeer { jit: true }));
    peers.push(Box::new(RbpfPeer { jit: false }));
    peers.push(Box::new(solana::SolanaPeer));
    peers.push(native);
    let kernel_column = peers
        .iter()
        .position(|peer| peer.name() == "kernel JIT")
        .expect("the kernel peer");

    let chosen: Vec<String> = std::env::args().skip(1).collect();
    if let Some(unknown) = chosen.iter().find(|name| {
        !WORKLOADS
            .iter()
            .any(|workload| workload.name == name.as_str())
    }) {
        let names: Vec<&str> = WORKLOADS.iter().map(|workload| workload.name).collect();
        fail(&format!(
            "no program `{unknown}` (programs: {})",
            names.join(", ")
        ));
    }
    let workloads: Vec<&Workload> = WORKLOADS
        .iter()
        .filter(|workload| chosen.is_empty() || chosen.iter().any(|name| name == workload.name))
        .collect();

    print_environment();
    let mut times: Vec<Vec<Result<f64, String>>> = Vec::new();
    for workload in &workloads {
        eprintln!("{}: {}", workload.name, workload.summary);
        times.push(run_workload(workload, &peers));
    }

    print_times(&peers, &workloads, &times);
    if times.iter().all(|row| row[kernel_column].is_ok()) {
        print_ratios(&peers, &workloads, &times, kernel_column);
    } else {
        println!("\n(no ratio table: the kernel did not run every program; see n/a below)");
    }
    print_reasons(&peers, &workloads, &times);
}

/// Prepares `workload` on every peer, checks every outcome against the reference model, then
/// times the peers that ran it. A row cell is the time in ns, or why there is none.
fn run_workload(workload: &Workload, peers: &[Box<dyn Peer>]) -> Vec<Result<f64, String>> {
    let input = (workload.make_input)();
    let mut runners: Vec<Result<Box<dyn Runner>, String>> = Vec::new();
    for peer in peers {
        let prepared = peer.prepare(workload).unwrap_or_else(|error| {
            fail(&format!("{} on {}: {error}", workload.name, peer.name()))
        });
        runners.push(match prepared {
            Prepared::Ready(mut runner) => {
                let outcome = runner.run_once(&input).unwrap_or_else(|error| fail(&error));
                workload
                    .check(peer.name(), &input, &outcome)
                    .unwrap_or_else(|mismatch| fail(&mismatch));
                Ok(runner)
            }
            Prepared::NotApplicable(reason) => Err(reason),
        });
    }
    // every engine agreed: time them
    runners
        .into_iter()
        .zip(peers)
        .map(|(runner, peer)| {
            let mut runner = runner?;
            eprintln!("  timing {}", peer.name());
            Ok(runner
                .ns_per_run(&input)
                .unwrap_or_else(|error| fail(&error)))
        })
        .collect()
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

fn print_environment() {
    let read = |path: &str| {
        std::fs::read_to_string(path).map_or_else(|_| "?".to_string(), |s| s.trim().to_string())
    };
    println!(
        "Linux {}, bpf_jit_enable {}, bpf_jit_harden {}; solana-sbpf without its JIT hardening \
         (no-op insertion, immediate sanitizing), as the kernel's JIT runs for root\n",
        read("/proc/sys/kernel/osrelease"),
        read("/proc/sys/net/core/bpf_jit_enable"),
        read("/proc/sys/net/core/bpf_jit_harden"),
    );
}

/// A duration in the unit that keeps it readable.
fn format_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn print_times(
    peers: &[Box<dyn Peer>],
    workloads: &[&Workload],
    times: &[Vec<Result<f64, String>>],
) {
    println!("Time per run:\n");
    let names: Vec<&str> = peers.iter().map(|peer| peer.name()).collect();
    println!("| program | {} |", names.join(" | "));
    println!("|---|{}", "---:|".repeat(peers.len()));
    for (workload, row) in workloads.iter().zip(times) {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                cell.as_ref()
                    .map_or_else(|_| "n/a".to_string(), |ns| format_ns(*ns))
            })
            .collect();
        println!("| {} | {} |", workload.name, cells.join(" | "));
    }
}

fn print_ratios(
    peers: &[Box<dyn Peer>],
    workloads: &[&Workload],
    times: &[Vec<Result<f64, String>>],
    kernel: usize,
) {
    println!("\nTime over the kernel JIT's (lower is faster; geometric mean over the programs");
    println!("the engine ran):\n");
    let others: Vec<usize> = (0..peers.len()).filter(|&i| i != kernel).collect();
    let names: Vec<String> = others
        .iter()
        .map(|&i| format!("{} / kernel", peers[i].name()))
        .collect();
    println!("| program | {} |", names.join(" | "));
    println!("|---|{}", "---:|".repeat(others.len()));
    let mut log_sums = vec![(0.0f64, 0u32); others.len()];
    for (workload, row) in workloads.iter().zip(times) {
        let kernel_ns = *row[kernel].as_ref().expect("the kernel ran every program");
        let cells: Vec<String> = others
            .iter()
            .zip(&mut log_sums)
            .map(|(&i, (sum, count))| match &row[i] {
                Ok(ns) => {
                    let ratio = ns / kernel_ns;
                    *sum += ratio.ln();
                    *count += 1;
                    format!("{ratio:.2}x")
                }
                Err(_) => "n/a".to_string(),
            })
            .collect();
        println!("| {} | {} |", workload.name, cells.join(" | "));
    }
    let means: Vec<String> = log_sums
        .iter()
        .map(|&(sum, count)| {
            if count == 0 {
                "n/a".to_string()
            } else {
                format!("**{:.2}x** ({count})", (sum / f64::from(count)).exp())
            }
        })
        .collect();
    println!("| **geometric mean** (programs) | {} |", means.join(" | "));
}

/// Why engines did not run programs, one line per engine and reason.
fn print_reasons(
    peers: &[Box<dyn Peer>],
    workloads: &[&Workload],
    times: &[Vec<Result<f64, String>>],
) {
    let mut reasons: BTreeMap<(usize, &str), Vec<&str>> = BTreeMap::new();
    for (workload, row) in workloads.iter().zip(times) {
        for (i, cell) in row.iter().enumerate() {
            if let Err(reason) = cell {
                reasons
                    .entry((i, reason.as_str()))
                    .or_default()
                    .push(workload.name);
            }
        }
    }
    if reasons.is_empty() {
        return;
    }
    println!("\nn/a:\n");
    for ((i, reason), programs) in reasons {
        println!("- {} on {}: {reason}", peers[i].name(), programs.join(", "));
    }
}

//! Criterion benchmark of the JIT suite (`src/jit_suite.rs`): one group per program, one
//! function per engine that can run it: Sluice's JIT and interpreter, the kernel's JIT
//! (`BPF_PROG_TEST_RUN`), rbpf 0.4.1's JIT and interpreter, solana-sbpf's JIT and native C.
//!
//! Before a program is timed, every engine that runs it must give the reference model's result
//! on a fresh load. Criterion's `iter_custom` hands each engine a number of runs and takes the
//! engine's own time for them (Sluice and the kernel time their repeat loop, as `test-run`
//! reports it; the kernel gets at least 1,000 runs per batch). Without kernel BPF the kernel's
//! entry is left out. Small sample sizes keep the whole run to a few minutes:
//! `cargo bench -p sluice-bench --bench jit`. `examples/jit_ratio.rs` prints the same
//! comparison as ratios to the kernel in one table.

#[path = "../peers/foreign.rs"]
mod foreign;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sluice_bench::jit_suite::{self, Prepared, WORKLOADS};

fn engines(criterion: &mut Criterion) {
    let mut peers = jit_suite::peers();
    peers.push(Box::new(foreign::RbpfPeer { jit: true }));
    peers.push(Box::new(foreign::RbpfPeer { jit: false }));
    peers.push(Box::new(foreign::solana::SolanaPeer));
    for workload in &WORKLOADS {
        let input = (workload.make_input)();
        let expected = (workload.expected)(&input);
        let mut group = criterion.benchmark_group(workload.name);
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(1));
        for peer in &peers {
            let mut runner = match peer.prepare(workload) {
                Ok(Prepared::Ready(runner)) => runner,
                Ok(Prepared::NotApplicable(reason)) => {
                    eprintln!("{} on {}: not run ({reason})", workload.name, peer.name());
                    continue;
                }
                // No kernel BPF here: say so and time the others.
                Err(error) if peer.name() == "kernel JIT" => {
                    eprintln!("{} on {}: not run ({error})", workload.name, peer.name());
                    continue;
                }
                Err(error) => panic!("{} on {}: {error}", workload.name, peer.name()),
            };
            let outcome = runner
                .run_once(&input)
                .unwrap_or_else(|error| panic!("{} on {}: {error}", workload.name, peer.name()));
            assert_eq!(
                outcome,
                expected,
                "{} on {} differs from the reference model",
                workload.name,
                peer.name()
            );
            let min_runs = runner.min_runs();
            group.bench_function(peer.name(), |bencher| {
                bencher.iter_custom(|iters| {
                    let runs = u32::try_from(iters).unwrap_or(u32::MAX).max(min_runs);
                    let ns_per_run = runner
                        .batch_ns_per_run(&input, runs)
                        .unwrap_or_else(|error| panic!("{}: {error}", workload.name));
                    Duration::from_nanos((ns_per_run * iters as f64) as u64)
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, engines);
criterion_main!(benches);

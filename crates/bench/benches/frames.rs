//! Criterion benchmark of the packet hook: 4,096 different 64-byte frames in memory through
//! the drop_all program and the firewall example (`sluice_bench::frames`), on Sluice's frame
//! runner (JIT and interpreter, what `sluice run` uses), the kernel's `BPF_PROG_TEST_RUN` (its
//! own repeat loop, time per run as it reports it) and native Rust. Every engine must give the
//! rule's verdict on every frame before anything is timed.
//!
//!     cargo bench -p sluice-bench --bench frames
//!
//! `examples/frame_ratio.rs` prints the same comparison as ratios in one table, with the kernel's
//! live-frames mode, one call per frame, and threads.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sluice_bench::frames::{frames, load, load_into_kernel, subjects};
use sluice_kernel::TestRun;
use sluice_runtime::Engine;
use sluice_runtime::frames::{FrameOptions, FrameRunner};

fn hook(criterion: &mut Criterion) {
    let frames = frames();
    for subject in subjects() {
        let expected: Vec<u32> = frames.iter().map(|f| (subject.native)(&f[..])).collect();
        let mut group = criterion.benchmark_group(format!("frames/{}", subject.name));
        group
            .sample_size(20)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(1));
        for engine in [Engine::Jit, Engine::Interp] {
            let loaded = load(&subject);
            let program = loaded.program(subject.program).expect("program");
            let options = FrameOptions {
                engine,
                ..FrameOptions::default()
            };
            let mut runner = FrameRunner::new(&loaded, program, options).expect("runner");
            for (frame, want) in frames.iter().zip(&expected) {
                assert_eq!(runner.run(&frame[..]).expect("runs").retval, *want);
            }
            group.bench_function(format!("sluice {engine}"), |bencher| {
                bencher.iter_custom(|iters| {
                    let start = Instant::now();
                    for frame in frames.iter().cycle().take(iters as usize) {
                        black_box(runner.run(&frame[..]).expect("runs").retval);
                    }
                    start.elapsed()
                });
            });
        }
        match load_into_kernel(&subject) {
            Ok(kernel) => {
                let run = |frame: &[u8], repeat: u32| {
                    kernel
                        .program
                        .test_run(&TestRun {
                            data_in: frame,
                            data_out_size: 128,
                            repeat,
                            ..TestRun::default()
                        })
                        .expect("the kernel runs it")
                };
                for (frame, want) in frames.iter().zip(&expected) {
                    assert_eq!(run(&frame[..], 1).retval, *want);
                }
                // The kernel times its own loop over one frame; go round the frames, at least
                // 1,000 runs per call.
                let mut next = 0;
                group.bench_function("kernel test-run", |bencher| {
                    bencher.iter_custom(|iters| {
                        let repeat = iters.clamp(1_000, u64::from(u32::MAX)) as u32;
                        let frame = &frames[next % frames.len()];
                        next += 97;
                        let ns = u64::from(run(&frame[..], repeat).duration_ns);
                        Duration::from_nanos(ns * iters)
                    });
                });
            }
            Err(reason) => eprintln!("{}: kernel not run ({reason})", subject.name),
        }
        group.bench_function("native", |bencher| {
            bencher.iter_custom(|iters| {
                let start = Instant::now();
                for frame in frames.iter().cycle().take(iters as usize) {
                    black_box((subject.native)(black_box(&frame[..])));
                }
                start.elapsed()
            });
        });
        group.finish();
    }
}

criterion_group!(benches, hook);
criterion_main!(benches);

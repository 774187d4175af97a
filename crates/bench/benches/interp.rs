//! Criterion benchmark: Sluice's interpreter, rbpf 0.4.1's interpreter and native Rust on the
//! workloads of `sluice_bench::WORKLOADS`.
//!
//! One group per workload, with the functions `sluice_interp`, `rbpf_interp` and `native`.
//! Before timing a group, every engine runs the workload once and the results must agree; a
//! workload rbpf cannot load or run is still timed on Sluice and native, and its rbpf entry is
//! left out. Sample size and measurement time are small so that the whole run takes about a
//! minute: `cargo bench -p sluice-bench --bench interp`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sluice_bench::{SluiceRunner, WORKLOADS, check_agreement};

/// Loads bytecode into rbpf's interpreter.
///
/// `EbpfVmMbuff` with an empty metadata buffer is what `EbpfVmRaw` wraps (it sets `r1` to the
/// input and leaves `r2` zero); it is used directly because `EbpfVmRaw::execute_program` ties
/// the input's borrow to the lifetime of the VM, which would allow a single run per VM.
fn load_rbpf(bytecode: &[u8]) -> Result<rbpf::EbpfVmMbuff<'_>, String> {
    rbpf::EbpfVmMbuff::new(Some(bytecode)).map_err(|error| format!("load failed: {error}"))
}

/// Runs a loaded program on rbpf's interpreter with `r1` pointing to `input`.
fn run_rbpf(vm: &rbpf::EbpfVmMbuff<'_>, input: &[u8]) -> Result<u64, String> {
    vm.execute_program(input, &[])
        .map_err(|error| format!("run failed: {error}"))
}

fn interpreters(criterion: &mut Criterion) {
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
        let sluice_r0 = sluice.run(&mut input).r0;
        let native_r0 = (workload.native)(&input);
        check_agreement(workload.name, sluice_r0, &rbpf_r0, native_r0);

        let mut group = criterion.benchmark_group(workload.name);
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        group.bench_function("sluice_interp", |bencher| {
            bencher.iter(|| sluice.run(black_box(&mut input)).r0)
        });
        if let (Ok(vm), Ok(_)) = (&rbpf_vm, &rbpf_r0) {
            group.bench_function("rbpf_interp", |bencher| {
                bencher.iter(|| run_rbpf(vm, black_box(&input)))
            });
        }
        group.bench_function("native", |bencher| {
            bencher.iter(|| (workload.native)(black_box(&input)))
        });
        group.finish();
    }
}

criterion_group!(benches, interpreters);
criterion_main!(benches);

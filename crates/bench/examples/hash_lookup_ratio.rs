//! Hash map lookups from a program: Sluice (JIT and interpreter) side by side with the Linux
//! kernel's JIT through `BPF_PROG_TEST_RUN`, and native Rust as the limit.
//!
//! The program (`programs/c/hash_lookup.c`) does 64 lookups in a 1024-entry hash map per run.
//! Both engines load the same object: Sluice through its runtime, the kernel through Sluice's
//! `bpf(2)` crate with the linked instructions and an `fd_array` for the map; both maps are
//! filled with the same keys first, and the two return values must agree before anything is
//! timed. Times are per run, averaged over `REPEAT` runs, best of 5 batches.
//!
//!     cargo run --release -p sluice-bench --example hash_lookup_ratio

use std::collections::HashMap;
use std::hint::black_box;
use std::os::fd::AsFd;
use std::time::Instant;

use sluice_kernel::{MapCreate, ProgLoad, TestRun};
use sluice_obj::Object;
use sluice_runtime::test_run::{TestRunInput, test_run};
use sluice_runtime::{Engine, LoadOptions, LoadedObject};

const REPEAT: u32 = 20_000;
const BATCHES: usize = 5;
const N_KEYS: u32 = 1024;

fn frame() -> Vec<u8> {
    let mut frame = vec![0u8; 64];
    frame[12] = 0x08;
    frame
}

fn value_of(key: u32) -> u64 {
    u64::from(key) * 3 + 1
}

fn sluice_ns(object: Object, engine: Engine) -> (u32, f64) {
    let loaded =
        LoadedObject::load(object, &LoadOptions::default()).expect("Sluice loads the object");
    let map = loaded.map("table").expect("map `table`");
    for key in 0..N_KEYS {
        map.update(&key.to_le_bytes(), &value_of(key).to_le_bytes(), 0)
            .expect("fill");
    }
    let program = loaded.program("lookups").expect("program");
    let input = TestRunInput {
        data_in: frame(),
        repeat: REPEAT,
        engine,
        ..TestRunInput::default()
    };
    let mut retval = 0;
    let best = (0..BATCHES)
        .map(|_| {
            let output = test_run(&loaded, program, &input).expect("Sluice runs the program");
            retval = output.retval;
            output.duration_ns as f64
        })
        .fold(f64::INFINITY, f64::min);
    (retval, best)
}

fn kernel_ns(object: &Object) -> Result<(u32, f64), String> {
    sluice_kernel::available().map_err(|errno| format!("kernel BPF unavailable ({errno})"))?;
    let def = object.map("table").ok_or("no map `table`")?;
    let map = MapCreate {
        map_type: def.map_type,
        key_size: def.key_size,
        value_size: def.value_size,
        max_entries: def.max_entries,
        name: "table",
        ..MapCreate::default()
    }
    .create()
    .map_err(|e| e.to_string())?;
    for key in 0..N_KEYS {
        map.update(&key.to_le_bytes(), &value_of(key).to_le_bytes(), 0)
            .map_err(|e| e.to_string())?;
    }
    let program = object.program("lookups").map_err(|e| e.to_string())?;
    let bytes: Vec<u8> = program
        .insns
        .iter()
        .flat_map(|insn| insn.to_bytes())
        .collect();
    let fds = [map.fd().as_fd()];
    let loaded = ProgLoad {
        prog_type: 6,
        insns: &bytes,
        license: "GPL",
        name: "lookups",
        fd_array: Some(&fds),
        ..ProgLoad::default()
    }
    .load()
    .map_err(|e| e.to_string())?;
    let data = frame();
    let mut retval = 0;
    let mut best = f64::INFINITY;
    for _ in 0..BATCHES {
        let output = loaded
            .test_run(&TestRun {
                data_in: &data,
                data_out_size: 128,
                repeat: REPEAT,
                ..TestRun::default()
            })
            .map_err(|e| e.to_string())?;
        retval = output.retval;
        best = best.min(f64::from(output.duration_ns));
    }
    Ok((retval, best))
}

fn native_ns() -> (u32, f64) {
    let table: HashMap<u32, u64> = (0..N_KEYS).map(|key| (key, value_of(key))).collect();
    let mut best = f64::INFINITY;
    let mut retval = 0;
    for _ in 0..BATCHES {
        let start = Instant::now();
        for _ in 0..REPEAT {
            let mut sum = 0u64;
            for i in 0..64u32 {
                let key = black_box((i * 37) & 1023);
                if let Some(value) = table.get(&key) {
                    sum += value;
                }
            }
            retval = if sum & 1 == 1 { 2 } else { 1 };
        }
        best = best.min(start.elapsed().as_nanos() as f64 / f64::from(REPEAT));
    }
    (retval, best)
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/programs/c/hash_lookup.o");
    let object = Object::parse(&std::fs::read(path).expect("object")).expect("parses");
    let (sluice_retval, sluice) = sluice_ns(object.clone(), Engine::Jit);
    let (interp_retval, interp) = sluice_ns(object.clone(), Engine::Interp);
    let (native_retval, native) = native_ns();
    assert_eq!(sluice_retval, native_retval, "Sluice and native disagree");
    assert_eq!(
        interp_retval, native_retval,
        "Sluice's interpreter and native disagree"
    );
    println!("| engine | ns per run (64 lookups) | ns per lookup | vs kernel |");
    println!("|---|---:|---:|---:|");
    match kernel_ns(&object) {
        Ok((kernel_retval, kernel)) => {
            assert_eq!(
                sluice_retval, kernel_retval,
                "Sluice and the kernel disagree"
            );
            println!(
                "| Linux kernel JIT (test-run) | {kernel:.0} | {:.1} | 1.00x |",
                kernel / 64.0
            );
            println!(
                "| Sluice JIT | {sluice:.0} | {:.1} | {:.2}x |",
                sluice / 64.0,
                sluice / kernel
            );
            println!(
                "| Sluice interpreter | {interp:.0} | {:.1} | {:.2}x |",
                interp / 64.0,
                interp / kernel
            );
            println!(
                "| native Rust HashMap | {native:.0} | {:.1} | {:.2}x |",
                native / 64.0,
                native / kernel
            );
        }
        Err(reason) => {
            println!("| Linux kernel | skipped: {reason} | | |");
            println!("| Sluice JIT | {sluice:.0} | {:.1} | |", sluice / 64.0);
            println!(
                "| Sluice interpreter | {interp:.0} | {:.1} | |",
                interp / 64.0
            );
            println!(
                "| native Rust HashMap | {native:.0} | {:.1} | |",
                native / 64.0
            );
        }
    }
}

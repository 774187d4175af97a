//! The kernel's side of `lookup_timing`: a program run with `BPF_PROG_TEST_RUN` looks up 100
//! random present keys per run in a kernel hash map filled with the same keys; the cost of one
//! lookup is the difference from the same program without the lookups, divided by 100.
//!
//! Run as root with `cargo run --release -p sluice-maps --example kernel_lookup_timing`.

use sluice_isa::Syntax;
use sluice_isa::asm::assemble_program;
use sluice_kernel::{KernelMap, MapCreate, ProgLoad, TestRun};

const BPF_MAP_TYPE_HASH: u32 = 1;
const BPF_PROG_TYPE_XDP: u32 = 6;
const LOOKUPS: u32 = 100;

fn program(map: &KernelMap, key_size: usize, entries: u32, lookup: bool) -> Vec<u8> {
    let store_key = if key_size == 4 {
        "r0 *= 0x7f4a7c15\n*(u32 *)(r10 - 16) = r0\n".to_string()
    } else {
        "r0 *= r7\n*(u64 *)(r10 - 16) = r0\nr1 = 0\n*(u64 *)(r10 - 8) = r1\n".to_string()
    };
    let call = if lookup {
        format!(
            "r1 = map[fd:{}] ll\nr2 = r10\nr2 += -16\ncall 1\n",
            map.as_raw_fd()
        )
    } else {
        String::new()
    };
    let text = format!(
        "r6 = 0\nr7 = 0x9e3779b97f4a7c15 ll\nloop:\ncall 7\nr0 = r0\nw0 %= {entries}\n\
         {store_key}{call}r6 += 1\nif r6 < {LOOKUPS} goto loop\nr0 = 2\nexit\n"
    );
    match assemble_program(&text, Syntax::Llvm) {
        Ok(program) => program.to_bytes(),
        Err(error) => panic!("assembly: {error}\n{text}"),
    }
}

fn time(prog: &[u8]) -> f64 {
    let loaded = ProgLoad {
        prog_type: BPF_PROG_TYPE_XDP,
        insns: prog,
        license: "GPL",
        ..ProgLoad::default()
    }
    .load()
    .expect("program load");
    let data = [0u8; 64];
    let run = TestRun {
        data_in: &data,
        data_out_size: 64,
        repeat: 20_000,
        ..TestRun::default()
    };
    let mut best = f64::MAX;
    for _ in 0..5 {
        let output = loaded.test_run(&run).expect("test run");
        best = best.min(f64::from(output.duration_ns));
    }
    best
}

fn main() {
    if let Err(errno) = sluice_kernel::available() {
        println!("skipped: kernel BPF unavailable ({errno})");
        return;
    }
    for key_size in [4usize, 16] {
        for entries in [1_000u32, 100_000] {
            let map = MapCreate {
                map_type: BPF_MAP_TYPE_HASH,
                key_size: key_size as u32,
                value_size: 8,
                max_entries: entries,
                name: "lookup_timing",
                ..MapCreate::default()
            }
            .create()
            .expect("map");
            let mut key = vec![0u8; key_size];
            for i in 0..u64::from(entries) {
                let mixed = i.wrapping_mul(0x9e37_79b9_7f4a_7c15).to_le_bytes();
                let n = key_size.min(8);
                key[..n].copy_from_slice(&mixed[..n]);
                map.update(&key, &[1; 8], 0).expect("insert");
            }
            let with = time(&program(&map, key_size, entries, true));
            let without = time(&program(&map, key_size, entries, false));
            println!(
                "kernel: key {key_size:>2} B, {entries:>6} entries: {:>6.1} ns/lookup",
                (with - without) / f64::from(LOOKUPS)
            );
        }
    }
}

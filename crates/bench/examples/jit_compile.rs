//! JIT compile time per eBPF instruction, over every program Sluice loads from the corpus
//! (`tests/corpus/*.o`) and the JIT benchmark suite (`programs/jit_suite/*.o`).
//!
//! Each program is loaded and verified once ([`LoadedObject::load`]); then
//! [`JitProgram::compile_executable`] (code generation, patching, mapping the code read+execute)
//! is timed over [`ROUNDS`] compilations, best round kept, with the default options and with
//! constant blinding. Objects that do not load without a program type from elsewhere are
//! listed and skipped. The target: under 1 µs per instruction.
//!
//!     cargo run --release -p sluice-bench --example jit_compile

use std::path::{Path, PathBuf};
use std::time::Instant;

use sluice_jit::{JitOptions, JitProgram};
use sluice_obj::Object;
use sluice_runtime::{LoadOptions, LoadedObject};

/// Timed rounds per program; each round compiles [`PER_ROUND`] times.
const ROUNDS: usize = 5;
const PER_ROUND: usize = 20;

fn objects() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        root.join("../../tests/corpus"),
        root.join("programs/jit_suite"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|ext| ext == "o") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Best time of one compilation, in nanoseconds.
fn time(executable: &sluice_interp::Executable, options: JitOptions) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for _ in 0..PER_ROUND {
            let program = JitProgram::compile_executable(executable, options).expect("compiles");
            std::hint::black_box(&program);
        }
        best = best.min(start.elapsed().as_nanos() as f64 / PER_ROUND as f64);
    }
    best
}

fn main() {
    let mut skipped = Vec::new();
    let mut rows = Vec::new();
    for path in objects() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let loaded = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| Object::parse(&bytes).map_err(|e| e.to_string()))
            .and_then(|object| {
                LoadedObject::load(object, &LoadOptions::default()).map_err(|e| e.to_string())
            });
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(error) => {
                skipped.push(format!("{name}: {}", error.lines().next().unwrap_or("")));
                continue;
            }
        };
        for program in &loaded.programs {
            let n_insns = program.program.insns().len();
            let plain = time(&program.executable, JitOptions::default());
            let hardened = time(&program.executable, JitOptions::hardened());
            rows.push((format!("{name}:{}", program.name), n_insns, plain, hardened));
        }
    }
    println!("| program | insns | compile µs | ns/insn | hardened ns/insn |");
    println!("|---|---:|---:|---:|---:|");
    for (name, n, plain, hardened) in &rows {
        println!(
            "| {name} | {n} | {:.1} | {:.0} | {:.0} |",
            plain / 1000.0,
            plain / *n as f64,
            hardened / *n as f64
        );
    }
    let insns: usize = rows.iter().map(|row| row.1).sum();
    let plain: f64 = rows.iter().map(|row| row.2).sum();
    let hardened: f64 = rows.iter().map(|row| row.3).sum();
    let worst = rows
        .iter()
        .map(|row| row.2 / row.1 as f64)
        .fold(0.0, f64::max);
    println!(
        "| **total ({} programs)** | {insns} | {:.1} | **{:.0}** | {:.0} |",
        rows.len(),
        plain / 1000.0,
        plain / insns as f64,
        hardened / insns as f64
    );
    println!();
    println!(
        "JIT compile time: {:.3} µs per instruction over {insns} instructions (worst program \
         {:.3} µs; target: under 1 µs) — {}",
        plain / insns as f64 / 1000.0,
        worst / 1000.0,
        if plain / (insns as f64) < 1000.0 {
            "met"
        } else {
            "not met"
        }
    );
    if !skipped.is_empty() {
        println!();
        println!("Skipped (they need a program type from elsewhere or do not load):");
        for line in skipped {
            println!("- {line}");
        }
    }
}

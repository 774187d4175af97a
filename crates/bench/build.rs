//! Compiles the JIT benchmark suite's C programs (`programs/jit_suite/*.c`) natively, with the
//! system C compiler, into a static library the crate links: the "same C compiled natively"
//! that `jit_suite` runs as the limit. `suite_native.c` adds the map helpers and the low
//! memory the programs need outside the kernel. The BPF objects are built by
//! `programs/jit_suite/build.sh` and committed, so building this crate needs no clang.
//!
//! It also compiles `programs/c/getpid_loop.c`, the workload of `examples/syscall_overhead.rs`,
//! into an executable in `OUT_DIR`, whose path the crate's targets get in the environment
//! variable `SLUICE_BENCH_GETPID_LOOP` (`env!`).

use std::path::{Path, PathBuf};

fn main() {
    build_jit_suite();
    build_getpid_loop();
}

fn build_jit_suite() {
    let dir = Path::new("programs/jit_suite");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut sources: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "c"))
        .collect();
    sources.sort();
    let mut build = cc::Build::new();
    build
        .include(dir)
        // -O2 as the BPF objects are built; the native code is the limit, not a reference
        // for bit-exact code generation
        .opt_level(2)
        .flag_if_supported("-fno-strict-aliasing")
        .warnings(true)
        .extra_warnings(true);
    for source in &sources {
        println!("cargo:rerun-if-changed={}", source.display());
        build.file(source);
    }
    println!("cargo:rerun-if-changed={}", dir.join("suite.h").display());
    build.compile("jit_suite_native");
}

fn build_getpid_loop() {
    let source = Path::new("programs/c/getpid_loop.c");
    println!("cargo:rerun-if-changed={}", source.display());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let executable = out_dir.join("getpid_loop");
    let compiler = cc::Build::new()
        .opt_level(2)
        .warnings(true)
        .extra_warnings(true)
        .get_compiler();
    let mut command = compiler.to_command();
    command.arg(source).arg("-o").arg(&executable);
    let status = command
        .status()
        .unwrap_or_else(|error| panic!("cannot run the C compiler ({command:?}): {error}"));
    assert!(status.success(), "{command:?} failed: {status}");
    println!(
        "cargo:rustc-env=SLUICE_BENCH_GETPID_LOOP={}",
        executable.display()
    );
}

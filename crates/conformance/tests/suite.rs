//! The public BPF conformance suite, one test per file and engine (the interpreter, the JIT, and
//! the JIT with constant blinding).
//!
//! - every file of `tests/` must pass, and so must Sluice's own cases in the same format
//!   (`tests/programs/` at the workspace root: calls, frames, traps, atomics, legacy loads);
//! - in `negative/`, the `unused-*` files (non-zero reserved fields) must pass by being refused,
//!   and every other file is a deliberately broken test that must fail: a broken test that
//!   passes means the runner cannot fail, and is itself an error.

use std::path::Path;

use libtest_mimic::{Arguments, Failed, Trial};
use sluice_conformance::{Engine, EngineConfig, data_files, run_file, suite_dir};

fn trials(dir: &Path, group: &str, must_pass: impl Fn(&str) -> bool) -> Vec<Trial> {
    let files = data_files(dir).unwrap_or_else(|error| {
        panic!(
            "conformance suite not found at {} ({error}); set SLUICE_CONFORMANCE_DIR",
            dir.display()
        )
    });
    assert!(!files.is_empty(), "no .data files in {}", dir.display());
    let mut trials = Vec::new();
    for path in files {
        let configs = Engine::ALL
            .into_iter()
            .map(EngineConfig::from)
            .chain([EngineConfig::hardened_jit()]);
        for engine in configs {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let should_pass = must_pass(&name);
            let path = path.clone();
            trials.push(Trial::test(
                format!("{group}::{}::{name}", engine.name()),
                move || {
                    let result = run_file(&path, engine);
                    match (should_pass, result.passed) {
                        (true, true) | (false, false) => Ok(()),
                        (true, false) => Err(Failed::from(result.message)),
                        (false, true) => Err(Failed::from("a deliberately broken test passed")),
                    }
                },
            ));
        }
    }
    trials
}

fn main() {
    let args = Arguments::from_args();
    let suite = suite_dir();
    let mut all = trials(&suite.join("tests"), "tests", |_| true);
    all.extend(trials(&suite.join("negative"), "negative", |name| {
        name.starts_with("unused-")
    }));
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    all.extend(trials(&own, "sluice", |_| true));
    libtest_mimic::run(&args, all).exit();
}

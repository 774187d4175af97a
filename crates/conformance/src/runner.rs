//! Running test files and collecting the verdicts.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sluice_isa::slots_to_bytes;

use crate::data_file::{Expectation, parse};
use crate::engine::{EngineConfig, run_bytecode};

/// The verdict on one test file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseResult {
    /// The file name, such as `add64.data`.
    pub name: String,
    /// The path the file was read from.
    pub path: PathBuf,
    /// Whether the test passed.
    pub passed: bool,
    /// Why it failed, or for a passing error test, the error that was expected.
    pub message: String,
}

/// Runs one test file's text on an engine.
pub fn run_text(text: &str, engine: impl Into<EngineConfig>) -> Result<(), String> {
    let case = parse(text).map_err(|error| format!("cannot parse test file: {error}"))?;
    let mut memory = case.memory.clone();
    let outcome = run_bytecode(engine, &slots_to_bytes(&case.slots), &mut memory);
    match (case.expectation, outcome) {
        (Expectation::Result(expected), Ok(r0)) if r0 == expected => Ok(()),
        (Expectation::Result(expected), Ok(r0)) => {
            Err(format!("returned {r0:#x}, expected {expected:#x}"))
        }
        (Expectation::Result(expected), Err(error)) => {
            Err(format!("{error}; expected result {expected:#x}"))
        }
        (Expectation::Error(expected), Ok(r0)) => Err(format!(
            "returned {r0:#x}, expected an error{}",
            if expected.is_empty() {
                String::new()
            } else {
                format!(" containing `{expected}`")
            }
        )),
        (Expectation::Error(expected), Err(error)) if error.contains(&expected) => Ok(()),
        (Expectation::Error(expected), Err(error)) => Err(format!(
            "{error}; expected an error containing `{expected}`"
        )),
    }
}

/// Runs one test file on an engine.
pub fn run_file(path: &Path, engine: impl Into<EngineConfig>) -> CaseResult {
    let engine = engine.into();
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let verdict = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
        .and_then(|text| run_text(&text, engine));
    CaseResult {
        name,
        path: path.to_path_buf(),
        passed: verdict.is_ok(),
        message: verdict.err().unwrap_or_default(),
    }
}

/// The `.data` files of a directory, sorted by name.
pub fn data_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "data") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The verdicts on every `.data` file of a directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The engine the tests ran on (`jit+harden` for the JIT with constant blinding).
    pub engine: String,
    /// One verdict per file, sorted by name.
    pub tests: Vec<CaseResult>,
    /// How many passed.
    pub passed: usize,
    /// How many failed.
    pub failed: usize,
}

/// Runs every `.data` file of `dir`.
pub fn run_dir(dir: &Path, engine: impl Into<EngineConfig>) -> std::io::Result<Report> {
    let engine = engine.into();
    let tests: Vec<CaseResult> = data_files(dir)?
        .iter()
        .map(|path| run_file(path, engine))
        .collect();
    let passed = tests.iter().filter(|test| test.passed).count();
    Ok(Report {
        engine: engine.name(),
        failed: tests.len() - passed,
        passed,
        tests,
    })
}

/// Where the suite is found: `$SLUICE_CONFORMANCE_DIR`, else `../shared/conformance/bpf_conformance`
/// beside the workspace (the layout of the project's machines and CI).
pub fn suite_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SLUICE_CONFORMANCE_DIR") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/bpf_conformance")
}

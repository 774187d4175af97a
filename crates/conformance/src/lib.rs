//! Runner for the BPF ISA conformance suite (`bpf_conformance`'s `.data` files).
//!
//! - [`data_file`]: the file format, parsed strictly (a file that cannot be parsed fails).
//! - [`Engine`] and [`run_bytecode`]: runs a program as the suite prescribes (`r1` = memory,
//!   `r2` = its length, helper 5 returns its first argument).
//! - [`run_file`] and [`run_dir`]: verdicts, one per file, as a [`Report`].
//!
//! A test passes when the run returns the expected `r0`, or when the test expects an error and
//! loading or running fails with a message containing the expected text.

#![forbid(unsafe_code)]

pub mod data_file;
mod engine;
mod runner;

pub use engine::{
    CONFORMANCE_INSN_BUDGET, ConformanceHelpers, Engine, EngineConfig, IDENTITY_HELPER_ID,
    JitOptions, run_bytecode, run_program,
};
pub use runner::{CaseResult, Report, data_files, run_dir, run_file, run_text, suite_dir};

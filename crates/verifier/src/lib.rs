//! The eBPF verifier.
//!
//! [`verify`] proves a [`Program`] safe under the Linux kernel's rules, for one program type
//! and mode, and returns a [`VerifiedProgram`], the only way to build one. Engines run
//! `VerifiedProgram`s; the unchecked path exists only for the conformance runner.
//!
//! The design is the kernel's: a path-sensitive abstract interpreter over registers and stack
//! slots ([`state`]), scalars tracked as tristate numbers plus ranges ([`tnum`], [`scalar`]),
//! pointers typed by what they point to, and explored states kept at prune points so a path
//! that reaches a state already proven safe stops there. `docs/verifier.md` describes the
//! domains, the pruning and the deliberate differences from Linux.

#![forbid(unsafe_code)]

mod error;
mod options;
pub mod scalar;
pub mod tnum;

pub use error::{BranchStep, ErrorKind, Stats, VerifyError};
pub use options::{FuncArg, FuncInfo, LogLevel, MapInfo, VerifyOptions};

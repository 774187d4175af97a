//! The reference eBPF interpreter.
//!
//! It defines what every instruction means (RFC 9669 and the Linux extensions) and runs programs
//! that no verifier has seen without ever leaving memory safety: every load, store and atomic is
//! checked against the regions the program may touch, and a bad one stops the run with a
//! [`Trap`] naming the instruction and the address.
//!
//! - [`Executable`]: a [`sluice_isa::Program`] translated into a compact form for the run loop.
//! - [`Memory`] and [`Region`]: the stack (8 frames of 512 bytes) and the host's buffers.
//! - [`Helpers`]: the host's helper functions, called by `call N` and `callx`.
//! - [`Interpreter::run`]: runs an executable; [`Config`] sets an instruction budget.
//! - [`semantics`] (from `sluice_isa`): the arithmetic every engine must share (division by
//!   zero and friends).

#![forbid(unsafe_code)]

mod helpers;
mod memory;
mod prepare;
mod trap;
mod vm;

pub use helpers::{HelperError, HelperFn, HelperTable, Helpers, NoHelpers};
pub use memory::{Memory, Region, RegionId};
pub use prepare::Executable;
pub use sluice_isa::semantics;
pub use trap::{Access, Trap, TrapKind};
pub use vm::{CallEnv, Callbacks, Config, Interpreter, Machine, Outcome};

//! Sluice's public facade: load an object compiled for Linux, create its maps, and run its
//! programs with the kernel's contexts and helpers.
//!
//! - [`LoadedObject::load`]: an [`sluice_obj::Object`] with its maps created and its programs
//!   resolved ([`LoadedProgram`]).
//! - [`Invocation`]: the state of one run, which the helpers ([`helpers`]) see.
//! - [`test_run`]: the equivalent of the kernel's `BPF_PROG_TEST_RUN`.
//! - [`context`]: Sluice's layout of each program type's context, and the load-time rewriting
//!   of context accesses.

#![forbid(unsafe_code)]

pub mod context;
mod error;
mod events;
pub mod frames;
pub mod helpers;
mod invocation;
mod loader;
mod map_ops;
mod registry;
mod task;
pub mod test_run;

pub use error::RuntimeError;
pub use events::{Events, PerfRecord};
pub use invocation::{Invocation, PacketBounds, Redirect};
pub use loader::{LoadOptions, LoadedObject, LoadedProgram, map_spec, possible_cpus};
pub use registry::Registry;
pub use sluice_jit::{Engine, JitOptions};
pub use task::Task;

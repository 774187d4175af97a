//! eBPF maps with the kernel's semantics and error codes, shared between programs and user
//! space on any number of threads.
//!
//! - [`Map`]: the operations, as user space (`BPF_MAP_*` commands) and programs (helpers) see
//!   them.
//! - [`SharedBuf`]: race-free shared storage whose addresses programs use as pointers.
//! - [`MapSpec`]: type, sizes, flags; [`create`] builds the right map for a spec.
//! - [`MapError`]: errors with the kernel's errno.

#![forbid(unsafe_code)]

mod error;
mod map;
pub mod spec;
mod storage;

pub use error::MapError;
pub use map::Map;
pub use spec::MapSpec;
pub use storage::{RmwOp, SharedBuf};

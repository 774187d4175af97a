//! Kernel facts shared by every Sluice stage.
//!
//! This crate holds numbers and layouts that Linux defines and that more than one stage needs:
//! the interpreter, the verifier and the JIT must agree on how deep calls may nest or how large a
//! stack frame is, so those values live here, once, with the kernel's names and values.
//!
//! - [`limits`]: numeric limits (`MAX_BPF_STACK`, `MAX_CALL_FRAMES`, ...).

#![forbid(unsafe_code)]

pub mod limits;

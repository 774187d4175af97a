//! Sluice's tracer: real processes under ptrace, for tracing programs (`sluice trace`).
//!
//! - [`Tracer`] starts a command under ptrace and a seccomp filter that stops it only at the
//!   watched system calls ([`seccomp::filter`]), follows its forks, threads and execs, and
//!   reports [`Event`]s one by one, with the stopped thread's [`Regs`] and memory at hand.
//! - [`Uprobe`]s are probes on functions of executables and libraries ([`elf_image`]), set as
//!   breakpoints in every traced process that maps them ([`proc_maps`]).
//! - [`Regs`] are the user registers; [`Regs::to_pt_regs`] lays them out as the kernel's
//!   `struct pt_regs`, the context of kprobe programs.
//! - [`unwind::Unwinder`] captures a stopped thread's user stack (`.eh_frame` CFI, or frame
//!   pointers where there is none), as `bpf_get_stackid` and `bpf_get_stack` see it.
//! - [`symbolize::Symbolizer`] names the functions of stack addresses, also after their
//!   processes have ended.
//!
//! Only `sys.rs` contains `unsafe` code: the ptrace, seccomp, fork/exec, wait and
//! `process_vm_readv` system calls.

mod breakpoints;
pub mod elf_image;
mod error;
pub mod proc_maps;
pub mod regs;
pub mod seccomp;
pub mod symbolize;
mod sys;
mod tracer;
pub mod unwind;
pub mod uprobe;

pub use error::TraceError;

/// Copies process `pid`'s memory at `addr` into `buf`; returns how many bytes could be read
/// (0 where nothing is mapped, or the process is gone).
pub fn read_memory(pid: i32, addr: u64, buf: &mut [u8]) -> usize {
    sys::read_memory(pid, addr, buf).unwrap_or(0)
}
pub use regs::Regs;
pub use tracer::{Event, Tracer};
pub use uprobe::Uprobe;

/// The registers of thread `tid`, stopped under a [`Tracer`] (at an event); `None` when it
/// is not stopped, or gone.
pub fn thread_regs(tid: i32) -> Option<Regs> {
    sys::get_regs(tid).ok()
}

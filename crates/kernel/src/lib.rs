//! Sluice's raw `bpf(2)` backend: maps, program loads and test runs in the running Linux
//! kernel. Differential tests use it as the oracle ("what would Linux do?"), and the runtime
//! uses it to load objects into the real kernel.
//!
//! - [`MapCreate`] creates a [`KernelMap`], whose element commands (`lookup`, `update`,
//!   `delete`, `get_next_key`, `lookup_and_delete`, `lookup_percpu`) take byte buffers sized
//!   as the kernel copies them ([`possible_cpus`] for per-CPU values); [`KernelMap::freeze`]
//!   makes it read-only for user space. [`MapBtf`] describes its key and value with BTF.
//! - [`BtfLoad`] (or [`KernelBtf::load`]) loads raw BTF into a [`KernelBtf`], which maps and
//!   programs refer to; a refusal is [`Error::Load`] with the kernel's log.
//! - [`ProgLoad`] loads bytecode into a [`KernelProg`], optionally with BTF [`FuncInfo`] and
//!   [`LineInfo`] records; a refusal is [`Error::Load`] with the verifier's log ([`LoadError`]).
//! - [`KernelProg::test_run`] runs a program on a [`TestRun`] input and returns a
//!   [`TestRunOutput`] (return value, duration, data and context after the run, and the
//!   context a syscall program wrote back).
//! - [`pin`] and [`get_pinned`] use the BPF file system; [`Fd`] owns every descriptor.
//! - [`available`] tells whether the kernel accepts programs from this process at all;
//!   [`unprivileged`] runs work on a thread without capabilities, as an unprivileged user.
//! - Every failure is an [`Error`] naming the [`Command`] and the [`Errno`].
//!
//! - [`PacketSocket`] is a raw `AF_PACKET` socket on a live interface (`sluice run --iface`).
//!
//! Only `sys.rs` and `packet_socket.rs` contain `unsafe` code: the system calls and the
//! `bpf_attr` layouts, each pointer in them derived from a borrowed buffer whose length was
//! checked against what the kernel reads or writes. Every other module forbids `unsafe`.

mod btf;
mod cpus;
mod errno;
mod error;
mod fd;
mod log;
mod map;
mod obj;
mod packet_socket;
mod probe;
mod prog;
mod sys;
mod test_run;
mod uapi;
mod unprivileged;

pub use btf::{BtfLoad, FuncInfo, KernelBtf, LineInfo};
pub use cpus::possible_cpus;
pub use errno::Errno;
pub use error::{Error, LoadError};
pub use fd::Fd;
pub use map::{KernelMap, MapBtf, MapCreate};
pub use obj::{get_pinned, pin};
pub use packet_socket::{PacketSocket, ifindex_of, stop_on_interrupt, wait_readable};
pub use probe::available;
pub use prog::{KernelProg, ProgLoad};
pub use test_run::{TestRun, TestRunOutput};
pub use uapi::{
    BPF_ANY, BPF_EXIST, BPF_F_LOCK, BPF_LOG_LEVEL1, BPF_LOG_LEVEL2, BPF_LOG_STATS, BPF_NOEXIST,
    Command,
};
pub use unprivileged::{unprivileged, unprivileged_bpf_allowed};

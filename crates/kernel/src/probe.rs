//! [`available`]: whether this process may load BPF programs into the running kernel.
//!
//! Tests that need the kernel call it first and skip when it fails, printing one line
//! `skipped: kernel BPF unavailable (<errno>)`, so the suite still passes on machines without
//! BPF (containers without `CAP_BPF`, kernels built without `CONFIG_BPF_SYSCALL`).

#![forbid(unsafe_code)]

use std::sync::OnceLock;

use crate::errno::Errno;
use crate::prog::ProgLoad;

/// `BPF_PROG_TYPE_SOCKET_FILTER`: the one program type every BPF-enabled kernel has.
const BPF_PROG_TYPE_SOCKET_FILTER: u32 = 1;

/// `r0 = 0; exit`.
const TRIVIAL_PROGRAM: [u8; 16] = [
    0xb7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, //
    0x95, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
];

/// Loads a trivial socket filter (`r0 = 0; exit`) once per process and reports why that
/// failed, if it did (`EPERM` without the capabilities, `ENOSYS` without the syscall).
pub fn available() -> Result<(), Errno> {
    static RESULT: OnceLock<Result<(), Errno>> = OnceLock::new();
    *RESULT.get_or_init(|| {
        let load = ProgLoad {
            prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
            insns: &TRIVIAL_PROGRAM,
            license: "GPL",
            ..ProgLoad::default()
        };
        match load.load() {
            Ok(_) => Ok(()),
            // The arguments are constants this crate can hand to the kernel, so every error
            // carries the kernel's answer.
            Err(error) => Err(error.errno().unwrap_or(Errno::EINVAL)),
        }
    })
}

//! [`unprivileged`]: runs a closure on a thread without capabilities, so programs it loads are
//! verified as an unprivileged user's (no `CAP_BPF`, `CAP_PERFMON`, `CAP_SYS_ADMIN`).
//!
//! The kernel only lets such a thread load programs when the sysctl
//! `kernel.unprivileged_bpf_disabled` is 0; [`unprivileged_bpf_allowed`] reads it, so tests can
//! skip with the reason instead of reporting the `EPERM` as a verdict.

#![forbid(unsafe_code)]

use crate::errno::Errno;
use crate::sys::drop_thread_capabilities;

/// Where the kernel publishes whether unprivileged users may call `bpf(2)`.
const UNPRIVILEGED_BPF_DISABLED: &str = "/proc/sys/kernel/unprivileged_bpf_disabled";

/// `Ok` when the running kernel lets unprivileged users load programs; otherwise the reason, naming
/// the sysctl and its value.
pub fn unprivileged_bpf_allowed() -> Result<(), String> {
    let text = std::fs::read_to_string(UNPRIVILEGED_BPF_DISABLED)
        .map_err(|error| format!("cannot read {UNPRIVILEGED_BPF_DISABLED}: {error}"))?;
    match text.trim() {
        "0" => Ok(()),
        value => Err(format!("kernel.unprivileged_bpf_disabled is {value}")),
    }
}

/// Runs `work` on a new thread that first drops every capability. Descriptors are shared by the
/// whole process, so maps created beforehand with privileges can be used from inside.
pub fn unprivileged<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, Errno> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                drop_thread_capabilities()?;
                Ok(work())
            })
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

//! The current task: `bpf_get_current_pid_tgid`, `bpf_get_current_uid_gid`,
//! `bpf_get_current_comm`, `bpf_get_current_task` and `bpf_get_current_cgroup_id`.
//!
//! In the kernel's test-run the current task is the process that issued `bpf(2)`; in Sluice it
//! is Sluice's own thread that runs the program, so these answer with the host's view of it:
//! thread and process ids, real user and group ids, the thread's name (`comm`, at most 15
//! bytes), and the id of its cgroup v2 directory (the inode number, as the kernel's cgroup
//! ids are).
//!
//! When the run counts as a traced task ([`crate::Task`]), the ids and the name are that
//! task's.
//!
//! Where Sluice differs: there is no `task_struct`, so `bpf_get_current_task` returns a stable
//! stand-in, `TASK_BASE` plus the thread id times 16 KiB: non-zero, distinct per thread and in
//! the kernel's direct-map range, but not readable (`bpf_probe_read_kernel` of it fails with
//! `-EFAULT`).

use std::os::unix::fs::MetadataExt;

use sluice_abi::limits::TASK_COMM_LEN;
use sluice_interp::CallEnv;

use super::{HelperResult, check_writable, fail, write};
use crate::invocation::Invocation;

/// Where the stand-in `task_struct` addresses start (the x86-64 direct map).
pub(crate) const TASK_BASE: u64 = 0xffff_8880_0000_0000;

fn thread_id() -> u64 {
    rustix::thread::gettid().as_raw_nonzero().get() as u64
}

/// `u64 bpf_get_current_pid_tgid(void)`: `tgid << 32 | pid` (process id, thread id).
pub(crate) fn get_current_pid_tgid(run: &Invocation<'_>) -> u64 {
    if let Some(task) = run.task {
        return task.pid_tgid();
    }
    let tgid = rustix::process::getpid().as_raw_nonzero().get() as u64;
    (tgid << 32) | thread_id()
}

/// `u64 bpf_get_current_uid_gid(void)`: `gid << 32 | uid` (real ids).
pub(crate) fn get_current_uid_gid(run: &Invocation<'_>) -> u64 {
    if let Some(task) = run.task {
        return task.uid_gid();
    }
    let uid = u64::from(rustix::process::getuid().as_raw());
    let gid = u64::from(rustix::process::getgid().as_raw());
    (gid << 32) | uid
}

/// The current thread's name as the kernel keeps it (`task->comm`, at most 15 bytes).
fn comm() -> Vec<u8> {
    let mut name = std::fs::read("/proc/thread-self/comm").unwrap_or_default();
    if name.last() == Some(&b'\n') {
        name.pop();
    }
    name.truncate(TASK_COMM_LEN - 1);
    name
}

/// `long bpf_get_current_comm(void *buf, u32 size)`: `strscpy_pad` of the name into `buf`
/// (truncated to `size - 1` bytes, NUL-terminated, zero-padded to `size`); returns 0.
pub(crate) fn get_current_comm(
    run: &Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let size = args[1] as u32 as usize;
    if size == 0 {
        return Err(fail(
            "bpf_get_current_comm with size 0 (the verifier requires a positive size)",
        ));
    }
    check_writable(env, args[0], size)?;
    let mut out = run.task.map_or_else(comm, |task| {
        let mut name = task.comm();
        name.truncate(TASK_COMM_LEN - 1);
        name
    });
    out.truncate(size - 1);
    out.resize(size, 0);
    write(env, args[0], &out)?;
    Ok(0)
}

/// `u64 bpf_get_current_task(void)`: see the module documentation.
pub(crate) fn get_current_task() -> u64 {
    TASK_BASE + thread_id() * 0x4000
}

/// `u64 bpf_get_current_cgroup_id(void)`: the inode number of the thread's cgroup v2
/// directory, or 1 (the root cgroup's id) when it cannot be found.
pub(crate) fn get_current_cgroup_id() -> u64 {
    let text = std::fs::read_to_string("/proc/thread-self/cgroup").unwrap_or_default();
    text.lines()
        .find_map(|line| line.strip_prefix("0::"))
        .and_then(|path| std::fs::metadata(format!("/sys/fs/cgroup{path}")).ok())
        .map_or(1, |metadata| metadata.ino())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_hosts() {
        let registry = crate::Registry::default();
        let mut events = crate::Events::default();
        let run = Invocation::new(&registry, None, 0, &mut events);
        let pid_tgid = get_current_pid_tgid(&run);
        assert_eq!(pid_tgid >> 32, u64::from(std::process::id()));
        assert_ne!(pid_tgid as u32, 0);
        assert!(get_current_task() > TASK_BASE);
        assert!(get_current_cgroup_id() >= 1);
        assert!(!comm().is_empty() && comm().len() < TASK_COMM_LEN);
    }
}

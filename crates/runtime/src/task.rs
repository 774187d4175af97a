//! [`Task`]: the user task a tracing program runs for.
//!
//! In the kernel a tracing program runs in the context of the task that hit the hook: the
//! helpers `bpf_get_current_pid_tgid`, `_uid_gid` and `_comm` describe it, and
//! `bpf_probe_read_user{,_str}` read its memory, and `bpf_get_stack{,id}` walk its user stack. When Sluice traces a real process the task is
//! that process's thread, not Sluice's: the tracer hands the run a [`Task`] that answers for it.
//! Without one, runs describe Sluice's own thread and user reads fail (`-EFAULT`), as a
//! test-run in the kernel would.

/// The task a run counts as; see the module documentation.
pub trait Task: std::fmt::Debug + Send + Sync {
    /// `tgid << 32 | pid`: process id and thread id.
    fn pid_tgid(&self) -> u64;
    /// `gid << 32 | uid`: the real ids.
    fn uid_gid(&self) -> u64;
    /// The thread's name (`task->comm`), without its NUL.
    fn comm(&self) -> Vec<u8>;
    /// Copies the task's memory at `addr` into `buf`; returns how many bytes could be read
    /// (fewer than asked when the range runs into unmapped memory).
    fn read_user(&self, addr: u64, buf: &mut [u8]) -> usize;
    /// The task's user stack where the hook stopped it: return addresses, innermost (the
    /// instruction pointer) first, at most `max_depth`, for `bpf_get_stack{,id}` with
    /// `BPF_F_USER_STACK`. Empty when it cannot be walked (the default).
    fn user_stack(&self, max_depth: usize) -> Vec<u64> {
        let _ = max_depth;
        Vec::new()
    }
}

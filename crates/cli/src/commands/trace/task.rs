//! [`TracedTask`]: a thread of the traced command, as tracing programs see it (ids and name
//! from `/proc`, memory through `process_vm_readv`, the user stack through [`Stacks`]).

use std::sync::Arc;

use sluice_runtime::Task;

use super::stacks::Stacks;

/// One traced thread, described when an event stops it.
#[derive(Debug, Clone)]
pub(crate) struct TracedTask {
    pub(crate) tid: i32,
    pub(crate) tgid: i32,
    pub(crate) uid: u32,
    pub(crate) gid: u32,
    pub(crate) comm: Vec<u8>,
    /// Walks its user stack when a program asks.
    stacks: Option<Arc<Stacks>>,
}

impl TracedTask {
    /// Thread `tid` as `/proc` describes it now (a thread gone meanwhile: what is known).
    pub(crate) fn of(tid: i32) -> TracedTask {
        let status = std::fs::read_to_string(format!("/proc/{tid}/status")).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|value| value.parse::<u32>().ok())
        };
        let mut comm = std::fs::read(format!("/proc/{tid}/comm")).unwrap_or_default();
        if comm.last() == Some(&b'\n') {
            comm.pop();
        }
        TracedTask {
            tid,
            tgid: field("Tgid:").map_or(tid, |tgid| tgid as i32),
            uid: field("Uid:").unwrap_or(0),
            gid: field("Gid:").unwrap_or(0),
            comm,
            stacks: None,
        }
    }

    /// The thread, its user stack walked with `stacks`.
    pub(crate) fn with_stacks(self, stacks: Arc<Stacks>) -> TracedTask {
        TracedTask {
            stacks: Some(stacks),
            ..self
        }
    }
}

impl Task for TracedTask {
    fn pid_tgid(&self) -> u64 {
        (u64::from(self.tgid as u32) << 32) | u64::from(self.tid as u32)
    }

    fn uid_gid(&self) -> u64 {
        (u64::from(self.gid) << 32) | u64::from(self.uid)
    }

    fn comm(&self) -> Vec<u8> {
        self.comm.clone()
    }

    fn read_user(&self, addr: u64, buf: &mut [u8]) -> usize {
        sluice_trace::read_memory(self.tid, addr, buf)
    }

    fn user_stack(&self, max_depth: usize) -> Vec<u64> {
        self.stacks.as_ref().map_or_else(Vec::new, |stacks| {
            stacks.user_stack(self.tid, self.tgid, max_depth)
        })
    }
}

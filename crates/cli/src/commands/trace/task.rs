//! [`TracedTask`]: a thread of the traced command, as tracing programs see it (ids and name
//! from `/proc`, memory through `process_vm_readv`, the user stack through [`Stacks`]).
//!
//! What `/proc` says is read only when a program asks for it. The process id and the name are
//! kept per thread ([`Threads`]) until it executes another program or ends (a name changed
//! with `prctl(PR_SET_NAME)` meanwhile is not seen); the credentials are read again for each
//! event, since `setuid` may change them at any time. A thread stopped for a system call thus
//! costs no `/proc` read for programs that only count.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use sluice_runtime::Task;

use super::stacks::Stacks;

/// What stays true of a thread until it executes a new program.
#[derive(Debug)]
struct Known {
    tid: i32,
    /// Its process, from `/proc/TID/status`, once asked for.
    tgid: OnceLock<i32>,
    /// `task->comm`, once asked for.
    comm: OnceLock<Vec<u8>>,
}

fn status_field(tid: i32, name: &str) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{tid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(name))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|value| value.parse().ok())
}

impl Known {
    fn tgid(&self) -> i32 {
        *self
            .tgid
            .get_or_init(|| status_field(self.tid, "Tgid:").map_or(self.tid, |tgid| tgid as i32))
    }

    fn comm(&self) -> &[u8] {
        self.comm.get_or_init(|| {
            let mut comm = std::fs::read(format!("/proc/{}/comm", self.tid)).unwrap_or_default();
            if comm.last() == Some(&b'\n') {
                comm.pop();
            }
            comm
        })
    }
}

/// The traced threads seen so far; see the module documentation.
#[derive(Debug, Default)]
pub(crate) struct Threads {
    known: HashMap<i32, Arc<Known>>,
}

impl Threads {
    /// Thread `tid` as programs see it at this event.
    pub(crate) fn task(&mut self, tid: i32) -> TracedTask {
        let known = self
            .known
            .entry(tid)
            .or_insert_with(|| {
                Arc::new(Known {
                    tid,
                    tgid: OnceLock::new(),
                    comm: OnceLock::new(),
                })
            })
            .clone();
        TracedTask {
            known,
            creds: OnceLock::new(),
            stacks: None,
        }
    }

    /// Thread `tid` executed a program or ended: what was known of it no longer holds.
    pub(crate) fn forget(&mut self, tid: i32) {
        self.known.remove(&tid);
    }
}

/// One traced thread at one event.
#[derive(Debug)]
pub(crate) struct TracedTask {
    known: Arc<Known>,
    /// Real user and group ids, once asked for.
    creds: OnceLock<(u32, u32)>,
    /// Walks its user stack when a program asks.
    stacks: Option<Arc<Stacks>>,
}

impl TracedTask {
    /// The thread, its user stack walked with `stacks`.
    pub(crate) fn with_stacks(self, stacks: Arc<Stacks>) -> TracedTask {
        TracedTask {
            stacks: Some(stacks),
            ..self
        }
    }

    pub(crate) fn tid(&self) -> i32 {
        self.known.tid
    }

    pub(crate) fn tgid(&self) -> i32 {
        self.known.tgid()
    }

    /// Its name (`task->comm`), without the NUL.
    pub(crate) fn name(&self) -> &[u8] {
        self.known.comm()
    }
}

impl Task for TracedTask {
    fn pid_tgid(&self) -> u64 {
        (u64::from(self.tgid() as u32) << 32) | u64::from(self.tid() as u32)
    }

    fn uid_gid(&self) -> u64 {
        let (uid, gid) = *self.creds.get_or_init(|| {
            (
                status_field(self.tid(), "Uid:").unwrap_or(0),
                status_field(self.tid(), "Gid:").unwrap_or(0),
            )
        });
        (u64::from(gid) << 32) | u64::from(uid)
    }

    fn comm(&self) -> Vec<u8> {
        self.name().to_vec()
    }

    fn read_user(&self, addr: u64, buf: &mut [u8]) -> usize {
        sluice_trace::read_memory(self.tid(), addr, buf)
    }

    fn user_stack(&self, max_depth: usize) -> Vec<u64> {
        self.stacks.as_ref().map_or_else(Vec::new, |stacks| {
            stacks.user_stack(self.tid(), self.tgid(), max_depth)
        })
    }
}

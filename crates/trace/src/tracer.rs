//! [`Tracer`]: a command run under ptrace, its watched system calls and process events
//! reported one by one.
//!
//! The command runs under a seccomp filter that stops it only at the system calls some
//! program watches (`SECCOMP_RET_TRACE`); there the tracer reads the registers
//! ([`Event::SyscallEnter`]), then lets the call run to its exit stop ([`Event::SyscallExit`]).
//! Every other call runs at full speed. New processes and threads are followed (the options
//! `TRACEFORK`, `TRACEVFORK`, `TRACECLONE`), as are execs and exits.
//!
//! Protocol: [`Tracer::next_event`] returns the next event of a stopped thread; the thread
//! stays stopped (its registers and memory can be read or changed) until the next call, which
//! resumes it first. Signals the command receives are passed on to it.
//!
//! One tracer per process at a time: it waits for any child (`waitpid(-1, __WALL)`), so it
//! would also reap children the process started otherwise.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::TraceError;
use crate::regs::Regs;
use crate::seccomp;
use crate::sys;

/// What happened to a traced thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A watched system call is about to run.
    SyscallEnter { tid: i32, nr: u32, regs: Regs },
    /// It returned (`regs.rax` holds the result).
    SyscallExit { tid: i32, nr: u32, regs: Regs },
    /// `parent` created `child` (a process, or a thread when `thread`).
    Fork {
        parent: i32,
        child: i32,
        thread: bool,
    },
    /// `tid` executed a new program (`old_tid`: the thread that called `execve`, which may
    /// differ when another thread of the process did).
    Exec { tid: i32, old_tid: i32 },
    /// `tid` is exiting with wait status `status`.
    Exit { tid: i32, status: i32 },
}

/// `PTRACE_EVENT_STOP`: the stop of a seized thread (attach, group stop).
const PTRACE_EVENT_STOP: i32 = 128;

/// What a stopped thread does when resumed.
#[derive(Clone, Copy, Debug)]
struct Resume {
    tid: i32,
    signal: i32,
    /// Stop at the system call's exit too.
    to_syscall: bool,
}

#[derive(Clone, Copy, Debug, Default)]
struct Thread {
    /// The watched system call it is in, between its enter and exit stops.
    in_syscall: Option<u32>,
    /// It was just created: its first stop is the ptrace attach stop, to be swallowed.
    new: bool,
}

/// A traced command; see the module documentation.
#[derive(Debug)]
pub struct Tracer {
    root: i32,
    threads: HashMap<i32, Thread>,
    pending: Option<Resume>,
    /// The root process's wait status once it has ended.
    root_status: Option<i32>,
    /// Attached to a running process: the watched system calls (it stops at every call).
    attached: Option<HashSet<u32>>,
    /// Set by a signal handler: stop reporting.
    stop: Option<&'static AtomicBool>,
}

fn os(op: &'static str, tid: i32) -> impl Fn(std::io::Error) -> TraceError {
    move |source| TraceError::Ptrace { op, tid, source }
}

impl Tracer {
    /// Starts `command` (program and arguments, looked up in `PATH`) under the tracer, stopping
    /// at the system calls numbered in `watched`.
    pub fn spawn(command: &[String], watched: &[u32]) -> Result<Tracer, TraceError> {
        let Some(program) = command.first() else {
            return Err(TraceError::NoCommand);
        };
        let filter = seccomp::filter(watched);
        let pid =
            sys::spawn_traced(program, command, &filter).map_err(|source| TraceError::Spawn {
                command: program.clone(),
                source,
            })?;
        // The child stops itself before installing the filter and executing.
        let stopped = loop {
            match sys::wait_any().map_err(os("waitpid", pid))? {
                sys::Waited::Interrupted => continue,
                sys::Waited::Status(tid, status) => {
                    break tid == pid && libc::WIFSTOPPED(status);
                }
                sys::Waited::Nothing => break false,
            }
        };
        match stopped {
            true => {}
            false => {
                return Err(TraceError::Spawn {
                    command: program.clone(),
                    source: std::io::Error::other("the child did not stop for the tracer"),
                });
            }
        }
        sys::set_options(pid).map_err(os("PTRACE_SETOPTIONS", pid))?;
        let mut threads = HashMap::new();
        threads.insert(pid, Thread::default());
        Ok(Tracer {
            root: pid,
            threads,
            pending: Some(Resume {
                tid: pid,
                signal: 0,
                to_syscall: false,
            }),
            root_status: None,
            attached: None,
            stop: None,
        })
    }

    /// Attaches to the running process `pid`: every thread it has, and every process or thread
    /// it creates from now on. A running process cannot be given a seccomp filter, so it stops
    /// at every system call and the tracer reports only those in `watched`.
    /// [`Tracer::detach`] leaves it running as it was.
    pub fn attach(pid: i32, watched: &[u32]) -> Result<Tracer, TraceError> {
        let tasks = std::fs::read_dir(format!("/proc/{pid}/task"))
            .map_err(|source| TraceError::Attach { pid, source })?;
        let mut threads = HashMap::new();
        for task in tasks {
            let Some(tid) = task
                .ok()
                .and_then(|task| task.file_name().to_str()?.parse::<i32>().ok())
            else {
                continue;
            };
            match sys::seize(tid).and_then(|()| sys::interrupt(tid)) {
                Ok(()) => {
                    threads.insert(tid, Thread::default());
                }
                // A thread that ended meanwhile.
                Err(error) if error.raw_os_error() == Some(libc::ESRCH) => {}
                Err(source) => return Err(TraceError::Attach { pid, source }),
            }
        }
        if threads.is_empty() {
            return Err(TraceError::Attach {
                pid,
                source: std::io::Error::from_raw_os_error(libc::ESRCH),
            });
        }
        Ok(Tracer {
            root: pid,
            threads,
            pending: None,
            root_status: None,
            attached: Some(watched.iter().copied().collect()),
            stop: None,
        })
    }

    /// Makes [`Tracer::next_event`] return `None` once `flag` is set (by a signal handler: the
    /// signal interrupts the wait).
    pub fn stop_when(&mut self, flag: &'static AtomicBool) {
        self.stop = Some(flag);
    }

    /// Lets every traced thread go: they run on untraced (attached processes keep running;
    /// a spawned command is killed, as the tracer's exit would kill it).
    pub fn detach(&mut self) -> Result<(), TraceError> {
        if let Some(resume) = self.pending.take() {
            let _ = sys::detach(resume.tid, resume.signal);
            self.threads.remove(&resume.tid);
        }
        for &tid in self.threads.keys() {
            let _ = sys::interrupt(tid);
        }
        while !self.threads.is_empty() {
            match sys::wait_any().map_err(os("waitpid", -1))? {
                sys::Waited::Status(tid, status) => {
                    if libc::WIFSTOPPED(status) {
                        // A signal that stopped it is delivered on the way out.
                        let event = (status >> 16) & 0xff;
                        let signal = libc::WSTOPSIG(status);
                        let pass = if event == 0 && signal != libc::SIGTRAP | 0x80 {
                            signal
                        } else {
                            0
                        };
                        let _ = sys::detach(tid, pass);
                    }
                    self.threads.remove(&tid);
                }
                sys::Waited::Interrupted => {}
                sys::Waited::Nothing => break,
            }
        }
        Ok(())
    }

    /// The traced command's process id.
    pub fn pid(&self) -> i32 {
        self.root
    }

    /// The command's wait status, once it has ended.
    pub fn root_status(&self) -> Option<i32> {
        self.root_status
    }

    /// Threads being traced.
    pub fn n_threads(&self) -> usize {
        self.threads.len()
    }

    /// The registers of thread `tid`, stopped at the last event.
    pub fn regs(&self, tid: i32) -> Result<Regs, TraceError> {
        sys::get_regs(tid).map_err(os("PTRACE_GETREGS", tid))
    }

    /// Sets the registers of thread `tid`, stopped at the last event.
    pub fn set_regs(&self, tid: i32, regs: &Regs) -> Result<(), TraceError> {
        sys::set_regs(tid, regs).map_err(os("PTRACE_SETREGS", tid))
    }

    /// Reads memory of the process of `tid` at `addr`; returns the bytes it could read.
    pub fn read_memory(&self, tid: i32, addr: u64, buf: &mut [u8]) -> Result<usize, TraceError> {
        sys::read_memory(tid, addr, buf).map_err(os("process_vm_readv", tid))
    }

    /// Resumes the thread stopped at the last event, then waits for the next event; `None`
    /// once every traced thread has ended.
    pub fn next_event(&mut self) -> Result<Option<Event>, TraceError> {
        loop {
            // Checked before each wait too: the signal may have come while no wait was under
            // way, and a busy process never lets the wait be interrupted.
            if self.stop.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
                return Ok(None);
            }
            if let Some(resume) = self.pending.take() {
                // A thread killed meanwhile (ESRCH) shows up in the next wait.
                if let Err(error) = sys::resume(resume.tid, resume.signal, resume.to_syscall)
                    && error.raw_os_error() != Some(libc::ESRCH)
                {
                    return Err(os("PTRACE_CONT", resume.tid)(error));
                }
            }
            let (tid, status) = match sys::wait_any().map_err(os("waitpid", -1))? {
                sys::Waited::Status(tid, status) => (tid, status),
                sys::Waited::Nothing => return Ok(None),
                sys::Waited::Interrupted => {
                    if self.stop.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
                        return Ok(None);
                    }
                    continue;
                }
            };
            if let Some(event) = self.on_status(tid, status)? {
                return Ok(Some(event));
            }
            if self.threads.is_empty() && self.pending.is_none() {
                return Ok(None);
            }
        }
    }

    /// Handles one wait status: the event to report, if any; sets how the thread resumes.
    fn on_status(&mut self, tid: i32, status: i32) -> Result<Option<Event>, TraceError> {
        if libc::WIFEXITED(status) || libc::WIFSIGNALED(status) {
            self.threads.remove(&tid);
            if tid == self.root {
                self.root_status = Some(status);
            }
            return Ok(None);
        }
        if !libc::WIFSTOPPED(status) {
            return Ok(None);
        }
        let thread = self.threads.entry(tid).or_insert(Thread {
            in_syscall: None,
            new: true,
        });
        let signal = libc::WSTOPSIG(status);
        let event = (status >> 16) & 0xff;
        // Attached: every system call stops (there is no filter to stop only watched ones).
        let every_call = self.attached.is_some();
        let resume = |signal: i32, to_syscall: bool| Resume {
            tid,
            signal,
            to_syscall: to_syscall || every_call,
        };
        match event {
            libc::PTRACE_EVENT_SECCOMP => {
                let regs = self.regs(tid)?;
                let nr = regs.syscall_nr() as u32;
                if let Some(thread) = self.threads.get_mut(&tid) {
                    thread.in_syscall = Some(nr);
                }
                self.pending = Some(resume(0, true));
                return Ok(Some(Event::SyscallEnter { tid, nr, regs }));
            }
            libc::PTRACE_EVENT_FORK | libc::PTRACE_EVENT_VFORK | libc::PTRACE_EVENT_CLONE => {
                let child = sys::event_message(tid).map_err(os("PTRACE_GETEVENTMSG", tid))? as i32;
                self.threads.entry(child).or_insert(Thread {
                    in_syscall: None,
                    new: true,
                });
                self.pending = Some(resume(0, false));
                return Ok(Some(Event::Fork {
                    parent: tid,
                    child,
                    thread: event == libc::PTRACE_EVENT_CLONE,
                }));
            }
            libc::PTRACE_EVENT_EXEC => {
                let old_tid =
                    sys::event_message(tid).map_err(os("PTRACE_GETEVENTMSG", tid))? as i32;
                if old_tid != tid {
                    self.threads.remove(&old_tid);
                }
                // The exec's own exit stop follows if the thread was in a watched execve.
                let in_syscall = self.threads.get(&tid).and_then(|t| t.in_syscall);
                self.pending = Some(resume(0, in_syscall.is_some()));
                return Ok(Some(Event::Exec { tid, old_tid }));
            }
            libc::PTRACE_EVENT_EXIT => {
                let status = sys::event_message(tid).map_err(os("PTRACE_GETEVENTMSG", tid))? as i32;
                self.pending = Some(resume(0, false));
                return Ok(Some(Event::Exit { tid, status }));
            }
            _ => {}
        }
        if signal == libc::SIGTRAP | 0x80
            && let Some(watched) = &self.attached
        {
            // Attached: the entry or the exit of any call; report the watched ones.
            let kind = sys::syscall_stop_kind(tid).map_err(os("PTRACE_GET_SYSCALL_INFO", tid))?;
            self.pending = Some(resume(0, true));
            if kind == 1 {
                let regs = self.regs(tid)?;
                let nr = regs.syscall_nr() as u32;
                if !watched.contains(&nr) {
                    return Ok(None);
                }
                if let Some(thread) = self.threads.get_mut(&tid) {
                    thread.in_syscall = Some(nr);
                }
                return Ok(Some(Event::SyscallEnter { tid, nr, regs }));
            }
            let in_syscall = self.threads.get_mut(&tid).and_then(|t| t.in_syscall.take());
            return match in_syscall {
                Some(nr) => Ok(Some(Event::SyscallExit {
                    tid,
                    nr,
                    regs: self.regs(tid)?,
                })),
                None => Ok(None),
            };
        }
        if signal == libc::SIGTRAP | 0x80 {
            // A system call stop: the exit of the watched call the thread is in.
            let in_syscall = thread.in_syscall.take();
            self.pending = Some(resume(0, false));
            return match in_syscall {
                Some(nr) => Ok(Some(Event::SyscallExit {
                    tid,
                    nr,
                    regs: self.regs(tid)?,
                })),
                None => Ok(None),
            };
        }
        if thread.new && signal == libc::SIGSTOP {
            // A new thread's attach stop.
            thread.new = false;
            self.pending = Some(resume(0, false));
            return Ok(None);
        }
        if event == PTRACE_EVENT_STOP {
            // The stop of an attach (`PTRACE_INTERRUPT`), or a group stop of a seized thread.
            thread.new = false;
            self.pending = Some(resume(0, false));
            return Ok(None);
        }
        thread.new = false;
        // A signal for the command: pass it on.
        let pass = if event == 0 { signal } else { 0 };
        self.pending = Some(resume(pass, thread.in_syscall.is_some()));
        Ok(None)
    }
}

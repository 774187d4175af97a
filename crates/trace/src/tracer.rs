//! [`Tracer`]: a command run under ptrace, its watched system calls and process events
//! reported one by one.
//!
//! The command runs under a seccomp filter that stops it only at the system calls some
//! program watches (`SECCOMP_RET_TRACE`); there the tracer reads the registers
//! ([`Event::SyscallEnter`]), then lets the call run to its exit stop ([`Event::SyscallExit`]).
//! Every other call runs at full speed. New processes and threads are followed (the options
//! `TRACEFORK`, `TRACEVFORK`, `TRACECLONE`), as are execs and exits.
//!
//! Uprobes ([`Uprobe`]) are breakpoints the tracer writes into the processes that map the
//! probed files (`breakpoints.rs`); it watches `mmap` to see libraries arrive, and reports
//! [`Event::Uprobe`] and [`Event::Uretprobe`].
//!
//! Protocol: [`Tracer::next_event`] returns the next event of a stopped thread; the thread
//! stays stopped (its registers and memory can be read or changed) until the next call, which
//! resumes it first. Signals the command receives are passed on to it.
//!
//! One tracer per process at a time: it waits for any child (`waitpid(-1, __WALL)`), so it
//! would also reap children the process started otherwise.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::breakpoints::{Breakpoints, Hit};
use crate::error::TraceError;
use crate::regs::Regs;
use crate::seccomp;
use crate::sys;
use crate::uprobe::Uprobe;

/// `mmap`: after one, a process may map a probed library.
const MMAP: u32 = 9;

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
    /// `tid` reached the probed function of these uprobes (indexes into the probes given);
    /// `regs.rip` is the probed address.
    Uprobe {
        tid: i32,
        probes: Vec<usize>,
        regs: Regs,
    },
    /// `tid` returned from the probed function of these return probes; `regs.rax` holds the
    /// return value and `regs.rip` the address returned to.
    Uretprobe {
        tid: i32,
        probes: Vec<usize>,
        regs: Regs,
    },
    /// A sample of `tid`, running when the sampling timer fired ([`Tracer::sample`]).
    Sample { tid: i32, regs: Regs },
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
    /// Stopped on the breakpoint at this address: step over it first.
    step_over: Option<u64>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Thread {
    /// The watched system call it is in, between its enter and exit stops.
    in_syscall: Option<u32>,
    /// It was just created: its first stop is the ptrace attach stop, to be swallowed.
    new: bool,
    /// Its process (thread group).
    tgid: i32,
    /// The system call it is in was denied: it returns this instead of running.
    denied: Option<i64>,
    /// The tracer stopped it (`SIGSTOP`) to take a sample.
    sampling: bool,
}

impl Thread {
    fn new(tgid: i32) -> Thread {
        Thread {
            in_syscall: None,
            new: true,
            tgid,
            denied: None,
            sampling: false,
        }
    }
}

/// A traced command; see the module documentation.
#[derive(Debug)]
pub struct Tracer {
    root: i32,
    threads: HashMap<i32, Thread>,
    pending: Option<Resume>,
    /// The root process's wait status once it has ended.
    root_status: Option<i32>,
    /// The system calls to report.
    watched: HashSet<u32>,
    /// Attached to a running process: it stops at every system call.
    attached: bool,
    breakpoints: Breakpoints,
    /// Set by a signal handler: stop reporting.
    stop: Option<&'static AtomicBool>,
    /// Samples are taken ([`Tracer::sample`]).
    sampling: bool,
    /// The watched calls whose exits are reported; `None`: all.
    exits: Option<HashSet<u32>>,
}

/// Whether thread `tid` is running (or runnable): state `R` in `/proc/TID/stat`.
fn is_running(tid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{tid}/stat")).is_ok_and(|stat| {
        // The state follows the command name, which is in parentheses and may hold anything.
        stat.rfind(')')
            .and_then(|end| stat[end + 1..].trim_start().chars().next())
            == Some('R')
    })
}

fn os(op: &'static str, tid: i32) -> impl Fn(std::io::Error) -> TraceError {
    move |source| TraceError::Ptrace { op, tid, source }
}

impl Tracer {
    /// Starts `command` (program and arguments, looked up in `PATH`) under the tracer, stopping
    /// at the system calls numbered in `watched`.
    pub fn spawn(command: &[String], watched: &[u32]) -> Result<Tracer, TraceError> {
        Tracer::spawn_probing(command, watched, Vec::new())
    }

    /// As [`Tracer::spawn`], with `uprobes` in the command and every process it starts.
    pub fn spawn_probing(
        command: &[String],
        watched: &[u32],
        uprobes: Vec<Uprobe>,
    ) -> Result<Tracer, TraceError> {
        let Some(program) = command.first() else {
            return Err(TraceError::NoCommand);
        };
        let mut stops = watched.to_vec();
        if !uprobes.is_empty() {
            stops.push(MMAP);
        }
        let filter = seccomp::filter(&stops);
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
        threads.insert(
            pid,
            Thread {
                new: false,
                ..Thread::new(pid)
            },
        );
        Ok(Tracer {
            root: pid,
            threads,
            pending: Some(Resume {
                tid: pid,
                signal: 0,
                to_syscall: false,
                step_over: None,
            }),
            root_status: None,
            watched: watched.iter().copied().collect(),
            attached: false,
            breakpoints: Breakpoints::new(uprobes),
            stop: None,
            sampling: false,
            exits: None,
        })
    }

    /// Attaches to the running process `pid`: every thread it has, and every process or thread
    /// it creates from now on. A running process cannot be given a seccomp filter, so it stops
    /// at every system call and the tracer reports only those in `watched`.
    /// [`Tracer::detach`] leaves it running as it was.
    pub fn attach(pid: i32, watched: &[u32]) -> Result<Tracer, TraceError> {
        Tracer::attach_probing(pid, watched, Vec::new())
    }

    /// As [`Tracer::attach`], with `uprobes` in the process and every process it starts.
    pub fn attach_probing(
        pid: i32,
        watched: &[u32],
        uprobes: Vec<Uprobe>,
    ) -> Result<Tracer, TraceError> {
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
                    threads.insert(
                        tid,
                        Thread {
                            new: false,
                            ..Thread::new(pid)
                        },
                    );
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
            watched: watched.iter().copied().collect(),
            attached: true,
            breakpoints: Breakpoints::new(uprobes),
            stop: None,
            sampling: false,
            exits: None,
        })
    }

    /// Samples the traced threads `hz` times a second: each that is running then is stopped
    /// and reported as an [`Event::Sample`] with its registers (a CPU profiler's view; threads
    /// that sleep are not sampled). The timer interrupts the calling thread, which must be the
    /// one that calls [`Tracer::next_event`].
    pub fn sample(&mut self, hz: u32) -> Result<(), TraceError> {
        sys::start_sample_timer(hz).map_err(os("timer_create", self.root))?;
        self.sampling = true;
        Ok(())
    }

    /// Reports the exits ([`Event::SyscallExit`]) of these watched system calls only: the
    /// others run to completion without stopping again, which halves the cost of a call whose
    /// programs only watch its entry.
    pub fn report_exits_of(&mut self, nrs: &[u32]) {
        self.exits = Some(nrs.iter().copied().collect());
    }

    /// Whether a thread entering system call `nr` stops at its exit.
    fn wants_exit(&self, nr: u32) -> bool {
        let reported = self.exits.as_ref().is_none_or(|exits| exits.contains(&nr));
        (reported && self.watched.contains(&nr)) || (nr == MMAP && !self.breakpoints.is_empty())
    }

    /// Stops every running traced thread for a sample.
    fn request_samples(&mut self) {
        let pending = self.pending.map(|resume| resume.tid);
        for (&tid, thread) in &mut self.threads {
            if thread.new || thread.sampling || Some(tid) == pending || !is_running(tid) {
                continue;
            }
            if sys::signal_thread(thread.tgid, tid, libc::SIGSTOP).is_ok() {
                thread.sampling = true;
            }
        }
    }

    /// Makes [`Tracer::next_event`] return `None` once `flag` is set (by a signal handler: the
    /// signal interrupts the wait).
    pub fn stop_when(&mut self, flag: &'static AtomicBool) {
        self.stop = Some(flag);
    }

    /// Lets every traced thread go: they run on untraced (attached processes keep running;
    /// a spawned command is killed, as the tracer's exit would kill it). Breakpoints are taken
    /// out of every process first, and the return addresses of probed calls put back.
    pub fn detach(&mut self) -> Result<(), TraceError> {
        // Each stopped thread, and the signal to deliver as it leaves.
        let mut stopped: HashMap<i32, i32> = HashMap::new();
        if let Some(resume) = self.pending.take() {
            if let Some(addr) = resume.step_over {
                let tgid = self.tgid_of(resume.tid);
                let _ = self.breakpoints.step_over(resume.tid, tgid, addr);
            }
            stopped.insert(resume.tid, resume.signal);
        }
        for &tid in self.threads.keys() {
            if !stopped.contains_key(&tid) {
                let _ = sys::interrupt(tid);
            }
        }
        while stopped.len() < self.threads.len() {
            match sys::wait_any().map_err(os("waitpid", -1))? {
                sys::Waited::Status(tid, status) => {
                    if !libc::WIFSTOPPED(status) {
                        self.threads.remove(&tid);
                        stopped.remove(&tid);
                        continue;
                    }
                    // A signal that stopped it is delivered on the way out; a breakpoint it
                    // stopped on is undone.
                    let event = (status >> 16) & 0xff;
                    let signal = libc::WSTOPSIG(status);
                    let mut pass = if event == 0 && signal != libc::SIGTRAP | 0x80 {
                        signal
                    } else {
                        0
                    };
                    if pass == libc::SIGTRAP && !self.breakpoints.is_empty() {
                        let tgid = self.tgid_of(tid);
                        if let Ok(regs) = sys::get_regs(tid)
                            && self.breakpoints.rewind(tid, tgid, &regs).unwrap_or(false)
                        {
                            pass = 0;
                        }
                    }
                    stopped.insert(tid, pass);
                }
                sys::Waited::Interrupted => {}
                sys::Waited::Nothing => break,
            }
        }
        // Every thread is stopped: take the breakpoints out, process by process.
        let mut by_process: HashMap<i32, Vec<i32>> = HashMap::new();
        for &tid in stopped.keys() {
            by_process.entry(self.tgid_of(tid)).or_default().push(tid);
        }
        for (tgid, tids) in &by_process {
            self.breakpoints.restore(tids[0], *tgid, tids);
        }
        for (tid, signal) in stopped {
            let _ = sys::detach(tid, signal);
            self.threads.remove(&tid);
        }
        Ok(())
    }

    /// The process (thread group) of traced thread `tid`.
    fn tgid_of(&self, tid: i32) -> i32 {
        self.threads.get(&tid).map_or(tid, |thread| thread.tgid)
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

    /// Denies the system call thread `tid` is entering (stopped at [`Event::SyscallEnter`]):
    /// it does not run, and returns `ret` (a negative errno) to the thread. Its
    /// [`Event::SyscallExit`] still comes, with `ret` as the result.
    pub fn deny_syscall(&mut self, tid: i32, ret: i64) -> Result<(), TraceError> {
        let mut regs = self.regs(tid)?;
        let regs_nr = regs.orig_rax as u32;
        // A system call number of -1 makes the kernel skip the call.
        regs.orig_rax = u64::MAX;
        regs.rax = ret as u64;
        self.set_regs(tid, &regs)?;
        if let Some(thread) = self.threads.get_mut(&tid) {
            thread.denied = Some(ret);
            thread.in_syscall = Some(regs_nr);
        }
        // Its exit stop sets the result.
        if let Some(resume) = self.pending.as_mut()
            && resume.tid == tid
        {
            resume.to_syscall = true;
        }
        Ok(())
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
            if let Some(resume) = self.pending.take()
                && let Some(event) = self.resume(resume)?
            {
                return Ok(Some(event));
            }
            if self.sampling && sys::sample_due() {
                self.request_samples();
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

    /// Lets a stopped thread go on as `resume` says; an event if it stopped again on the way
    /// (stepping over a breakpoint).
    fn resume(&mut self, resume: Resume) -> Result<Option<Event>, TraceError> {
        if let Some(addr) = resume.step_over {
            let tgid = self.tgid_of(resume.tid);
            match self.breakpoints.step_over(resume.tid, tgid, addr) {
                Ok(None) => {}
                // It stopped otherwise (a signal, its end): that is its next status.
                Ok(Some(status)) => return self.on_status(resume.tid, status),
                Err(error) if error.raw_os_error() == Some(libc::ESRCH) => return Ok(None),
                Err(error) => return Err(os("breakpoint step", resume.tid)(error)),
            }
        }
        // A thread killed meanwhile (ESRCH) shows up in the next wait.
        if let Err(error) = sys::resume(resume.tid, resume.signal, resume.to_syscall)
            && error.raw_os_error() != Some(libc::ESRCH)
        {
            return Err(os("PTRACE_CONT", resume.tid)(error));
        }
        Ok(None)
    }

    /// Writes the uprobes' breakpoints into process `tgid` (stopped thread `tid`) where it maps
    /// their files.
    fn scan(&mut self, tid: i32, tgid: i32) -> Result<(), TraceError> {
        match self.breakpoints.scan(tid, tgid) {
            Err(error) if error.raw_os_error() != Some(libc::ESRCH) => {
                Err(os("writing a breakpoint", tid)(error))
            }
            _ => Ok(()),
        }
    }

    /// Handles one wait status: the event to report, if any; sets how the thread resumes.
    fn on_status(&mut self, tid: i32, status: i32) -> Result<Option<Event>, TraceError> {
        if libc::WIFEXITED(status) || libc::WIFSIGNALED(status) {
            self.threads.remove(&tid);
            self.breakpoints.on_exit(tid);
            if tid == self.root {
                self.root_status = Some(status);
            }
            return Ok(None);
        }
        if !libc::WIFSTOPPED(status) {
            return Ok(None);
        }
        // A thread not seen before is a new process (a thread's creation is reported by its
        // parent's clone event first).
        let thread = *self.threads.entry(tid).or_insert(Thread::new(tid));
        let tgid = thread.tgid;
        let signal = libc::WSTOPSIG(status);
        let event = (status >> 16) & 0xff;
        // Attached: every system call stops (there is no filter to stop only watched ones).
        let every_call = self.attached;
        let resume = |signal: i32, to_syscall: bool| Resume {
            tid,
            signal,
            to_syscall: to_syscall || every_call,
            step_over: None,
        };
        let set_in_syscall = |tracer: &mut Tracer, nr: Option<u32>| {
            if let Some(thread) = tracer.threads.get_mut(&tid) {
                thread.in_syscall = nr;
            }
        };
        match event {
            libc::PTRACE_EVENT_SECCOMP => {
                let regs = self.regs(tid)?;
                let nr = regs.syscall_nr() as u32;
                // Stop at the exit only where it is reported or needed (a denied call's result
                // is set there, see `deny_syscall`).
                let to_exit = self.wants_exit(nr);
                set_in_syscall(self, to_exit.then_some(nr));
                self.pending = Some(resume(0, to_exit));
                if !self.watched.contains(&nr) {
                    // Stopped for the tracer's own sake (`mmap`).
                    return Ok(None);
                }
                return Ok(Some(Event::SyscallEnter { tid, nr, regs }));
            }
            libc::PTRACE_EVENT_FORK | libc::PTRACE_EVENT_VFORK | libc::PTRACE_EVENT_CLONE => {
                let child = sys::event_message(tid).map_err(os("PTRACE_GETEVENTMSG", tid))? as i32;
                let is_thread = event == libc::PTRACE_EVENT_CLONE;
                let child_tgid = if is_thread { tgid } else { child };
                self.threads.entry(child).or_insert(Thread::new(child_tgid));
                if !is_thread {
                    self.breakpoints.on_fork(tid, tgid, child);
                }
                self.pending = Some(resume(0, false));
                return Ok(Some(Event::Fork {
                    parent: tid,
                    child,
                    thread: is_thread,
                }));
            }
            libc::PTRACE_EVENT_EXEC => {
                let old_tid =
                    sys::event_message(tid).map_err(os("PTRACE_GETEVENTMSG", tid))? as i32;
                if old_tid != tid {
                    self.threads.remove(&old_tid);
                }
                // The thread leads its process now (another thread's exec takes the leader's
                // id).
                if let Some(thread) = self.threads.get_mut(&tid) {
                    thread.tgid = tid;
                }
                self.breakpoints.on_exec(tid, old_tid);
                self.scan(tid, tid)?;
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
        if signal == libc::SIGTRAP | 0x80 {
            self.pending = Some(resume(0, false));
            let entering = if self.attached {
                // The entry or the exit of any call.
                let kind =
                    sys::syscall_stop_kind(tid).map_err(os("PTRACE_GET_SYSCALL_INFO", tid))?;
                kind == 1
            } else {
                // Only the exit of a call stopped at by the filter comes here.
                false
            };
            if entering {
                let regs = self.regs(tid)?;
                let nr = regs.syscall_nr() as u32;
                if !self.watched.contains(&nr) && nr != MMAP {
                    return Ok(None);
                }
                set_in_syscall(self, Some(nr));
                if !self.watched.contains(&nr) {
                    return Ok(None);
                }
                return Ok(Some(Event::SyscallEnter { tid, nr, regs }));
            }
            let in_syscall = thread.in_syscall;
            set_in_syscall(self, None);
            let Some(nr) = in_syscall else {
                return Ok(None);
            };
            if let Some(ret) = self.threads.get_mut(&tid).and_then(|t| t.denied.take()) {
                // The skipped call's result, as the tracer decided it.
                let mut regs = self.regs(tid)?;
                regs.rax = ret as u64;
                self.set_regs(tid, &regs)?;
            }
            if nr == MMAP && self.breakpoints.wants_scan(tgid) {
                self.scan(tid, tgid)?;
            }
            let reported = self.exits.as_ref().is_none_or(|exits| exits.contains(&nr));
            if !self.watched.contains(&nr) || !reported {
                return Ok(None);
            }
            return Ok(Some(Event::SyscallExit {
                tid,
                nr,
                regs: self.regs(tid)?,
            }));
        }
        if let Some(thread) = self.threads.get_mut(&tid) {
            thread.new = false;
        }
        if thread.sampling && signal == libc::SIGSTOP && event == 0 {
            // The tracer's own stop, for a sample: the signal is not delivered.
            if let Some(thread) = self.threads.get_mut(&tid) {
                thread.sampling = false;
            }
            self.pending = Some(resume(0, thread.in_syscall.is_some()));
            return Ok(Some(Event::Sample {
                tid,
                regs: self.regs(tid)?,
            }));
        }
        if thread.new && signal == libc::SIGSTOP {
            // A new thread's attach stop.
            self.pending = Some(resume(0, false));
            return Ok(None);
        }
        if event == PTRACE_EVENT_STOP {
            // The stop of an attach (`PTRACE_INTERRUPT`), or a group stop of a seized thread.
            // An attached process gets its breakpoints at its first stop.
            if self.breakpoints.wants_scan(tgid) {
                self.scan(tid, tgid)?;
            }
            self.pending = Some(resume(0, false));
            return Ok(None);
        }
        if signal == libc::SIGTRAP && event == 0 && !self.breakpoints.is_empty() {
            let regs = self.regs(tid)?;
            let hit = self
                .breakpoints
                .on_trap(tid, tgid, &regs)
                .map_err(os("uprobe", tid))?;
            match hit {
                Some(Hit::Entry { probes, addr }) => {
                    self.pending = Some(Resume {
                        step_over: Some(addr),
                        ..resume(0, thread.in_syscall.is_some())
                    });
                    if probes.is_empty() {
                        return Ok(None);
                    }
                    let regs = Regs { rip: addr, ..regs };
                    return Ok(Some(Event::Uprobe { tid, probes, regs }));
                }
                Some(Hit::Return { probes, regs }) => {
                    self.pending = Some(resume(0, thread.in_syscall.is_some()));
                    return Ok(Some(Event::Uretprobe {
                        tid,
                        probes,
                        regs: *regs,
                    }));
                }
                None => {}
            }
        }
        // A signal for the command: pass it on.
        let pass = if event == 0 { signal } else { 0 };
        self.pending = Some(resume(pass, thread.in_syscall.is_some()));
        Ok(None)
    }
}

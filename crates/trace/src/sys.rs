//! The system calls of tracing: starting a command under ptrace and a seccomp filter, ptrace
//! requests, waiting for stops, reading a tracee's memory.
//!
//! This is the only module with `unsafe` code. Invariants every block relies on: pointers
//! handed to the kernel point to live, correctly sized values owned by the caller for the
//! whole call; between `fork` and `execvp` the child only makes async-signal-safe calls on
//! memory prepared before the fork.

#![allow(unsafe_code)]

use std::ffi::CString;
use std::io;

use crate::regs::Regs;
use crate::seccomp::SockFilter;

fn check(ret: libc::c_long) -> io::Result<libc::c_long> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

/// `PTRACE_O_*` options the tracer sets on every tracee.
pub(crate) const OPTIONS: libc::c_int = libc::PTRACE_O_TRACESECCOMP
    | libc::PTRACE_O_TRACEFORK
    | libc::PTRACE_O_TRACEVFORK
    | libc::PTRACE_O_TRACECLONE
    | libc::PTRACE_O_TRACEEXEC
    | libc::PTRACE_O_TRACEEXIT
    | libc::PTRACE_O_TRACESYSGOOD
    | libc::PTRACE_O_EXITKILL;

/// Options for a process the tracer attached to: as [`OPTIONS`], but the process survives
/// the tracer (no `EXITKILL`).
pub(crate) const ATTACH_OPTIONS: libc::c_int = OPTIONS & !libc::PTRACE_O_EXITKILL;

/// Attaches to thread `tid` (`PTRACE_SEIZE` with [`ATTACH_OPTIONS`]); it keeps running.
pub(crate) fn seize(tid: i32) -> io::Result<()> {
    // SAFETY: plain ptrace request with integer arguments.
    check(unsafe { libc::ptrace(libc::PTRACE_SEIZE, tid, 0, ATTACH_OPTIONS as libc::c_long) })?;
    Ok(())
}

/// Stops a seized thread (`PTRACE_INTERRUPT`): it reports a `PTRACE_EVENT_STOP`.
pub(crate) fn interrupt(tid: i32) -> io::Result<()> {
    // SAFETY: plain ptrace request with integer arguments.
    check(unsafe { libc::ptrace(libc::PTRACE_INTERRUPT, tid, 0, 0) })?;
    Ok(())
}

/// Detaches from a stopped tracee, delivering `signal`; it runs on untraced.
pub(crate) fn detach(tid: i32, signal: i32) -> io::Result<()> {
    // SAFETY: plain ptrace request with integer arguments.
    check(unsafe { libc::ptrace(libc::PTRACE_DETACH, tid, 0, signal as libc::c_long) })?;
    Ok(())
}

/// At a system call stop: 1 at its entry, 2 at its exit, 3 at a seccomp stop
/// (`PTRACE_GET_SYSCALL_INFO`'s `op`).
pub(crate) fn syscall_stop_kind(tid: i32) -> io::Result<u8> {
    // Room for `struct ptrace_syscall_info`, whose first byte is `op`.
    let mut info = [0u64; 12];
    // SAFETY: `info` is a live buffer of the size passed, which the kernel fills.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_GET_SYSCALL_INFO,
            tid,
            size_of::<[u64; 12]>(),
            info.as_mut_ptr(),
        )
    })?;
    Ok(info[0].to_le_bytes()[0])
}

/// Starts `program` with `args` (the first being its name) as a child that stops itself for
/// the tracer (`PTRACE_TRACEME`, `SIGSTOP`), installs `filter` and then execs; returns its pid.
/// The caller waits for the stop and sets the options.
pub(crate) fn spawn_traced(
    program: &str,
    args: &[String],
    filter: &[SockFilter],
) -> io::Result<i32> {
    let c_program = CString::new(program)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL in the command"))?;
    let c_args: Vec<CString> = args
        .iter()
        .map(|arg| CString::new(arg.as_str()))
        .collect::<Result<_, _>>()
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL in an argument"))?;
    let mut argv: Vec<*const libc::c_char> = c_args.iter().map(|arg| arg.as_ptr()).collect();
    argv.push(std::ptr::null());
    let filters: Vec<libc::sock_filter> = filter
        .iter()
        .map(|insn| libc::sock_filter {
            code: insn.code,
            jt: insn.jt,
            jf: insn.jf,
            k: insn.k,
        })
        .collect();
    let fprog = libc::sock_fprog {
        len: filters.len() as u16,
        filter: filters.as_ptr().cast_mut(),
    };
    // SAFETY: plain fork; the child below only makes async-signal-safe system calls on memory
    // prepared above, then execs or exits.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        // SAFETY: the child: each call takes pointers to the live values prepared before the
        // fork (`fprog` points into `filters`, `argv` into `c_args`, NUL-terminated).
        unsafe {
            if libc::ptrace(libc::PTRACE_TRACEME, 0, 0, 0) < 0 {
                libc::_exit(126);
            }
            libc::raise(libc::SIGSTOP);
            // SECCOMP_FILTER_FLAG_SPEC_ALLOW: the filter is the tracer's, not the command's,
            // so it must not switch on the speculative store bypass mitigation the kernel
            // gives seccomp'd tasks (`spec_store_bypass_disable=seccomp`), which would slow
            // the whole command down. Kernels before 4.17 lack the flag: then without it.
            let install = |flags: libc::c_ulong| {
                libc::syscall(
                    libc::SYS_seccomp,
                    libc::SECCOMP_SET_MODE_FILTER,
                    flags,
                    &fprog as *const libc::sock_fprog,
                )
            };
            if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0
                || (install(libc::SECCOMP_FILTER_FLAG_SPEC_ALLOW) < 0 && install(0) < 0)
            {
                libc::_exit(126);
            }
            libc::execvp(c_program.as_ptr(), argv.as_ptr());
            libc::_exit(127);
        }
    }
    Ok(pid)
}

/// Sets the tracer's options on a stopped tracee.
pub(crate) fn set_options(tid: i32) -> io::Result<()> {
    // SAFETY: plain ptrace request with integer arguments.
    check(unsafe { libc::ptrace(libc::PTRACE_SETOPTIONS, tid, 0, OPTIONS as libc::c_long) })?;
    Ok(())
}

/// Resumes a stopped tracee, delivering `signal` (0: none): to the next seccomp or ptrace
/// event (`PTRACE_CONT`), or to the next system call stop as well (`PTRACE_SYSCALL`).
pub(crate) fn resume(tid: i32, signal: i32, to_syscall: bool) -> io::Result<()> {
    let request = if to_syscall {
        libc::PTRACE_SYSCALL
    } else {
        libc::PTRACE_CONT
    };
    // SAFETY: plain ptrace request with integer arguments.
    check(unsafe { libc::ptrace(request, tid, 0, signal as libc::c_long) })?;
    Ok(())
}

/// The message of the last ptrace event (a new thread's id, an exit status, ...).
pub(crate) fn event_message(tid: i32) -> io::Result<u64> {
    let mut message: libc::c_ulong = 0;
    // SAFETY: `message` is a live c_ulong the kernel writes.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_GETEVENTMSG,
            tid,
            0,
            &mut message as *mut libc::c_ulong,
        )
    })?;
    Ok(message)
}

/// A stopped tracee's registers.
pub(crate) fn get_regs(tid: i32) -> io::Result<Regs> {
    // SAFETY: `user_regs_struct` is plain data; all zero is a valid value.
    let mut raw: libc::user_regs_struct = unsafe { std::mem::zeroed() };
    // SAFETY: `raw` is a live user_regs_struct the kernel fills.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_GETREGS,
            tid,
            0,
            &mut raw as *mut libc::user_regs_struct,
        )
    })?;
    Ok(Regs {
        r15: raw.r15,
        r14: raw.r14,
        r13: raw.r13,
        r12: raw.r12,
        rbp: raw.rbp,
        rbx: raw.rbx,
        r11: raw.r11,
        r10: raw.r10,
        r9: raw.r9,
        r8: raw.r8,
        rax: raw.rax,
        rcx: raw.rcx,
        rdx: raw.rdx,
        rsi: raw.rsi,
        rdi: raw.rdi,
        orig_rax: raw.orig_rax,
        rip: raw.rip,
        cs: raw.cs,
        eflags: raw.eflags,
        rsp: raw.rsp,
        ss: raw.ss,
        fs_base: raw.fs_base,
        gs_base: raw.gs_base,
        ds: raw.ds,
        es: raw.es,
        fs: raw.fs,
        gs: raw.gs,
    })
}

/// Sets a stopped tracee's registers.
pub(crate) fn set_regs(tid: i32, regs: &Regs) -> io::Result<()> {
    // SAFETY: `user_regs_struct` is plain data; all zero is a valid value.
    let mut raw: libc::user_regs_struct = unsafe { std::mem::zeroed() };
    raw.r15 = regs.r15;
    raw.r14 = regs.r14;
    raw.r13 = regs.r13;
    raw.r12 = regs.r12;
    raw.rbp = regs.rbp;
    raw.rbx = regs.rbx;
    raw.r11 = regs.r11;
    raw.r10 = regs.r10;
    raw.r9 = regs.r9;
    raw.r8 = regs.r8;
    raw.rax = regs.rax;
    raw.rcx = regs.rcx;
    raw.rdx = regs.rdx;
    raw.rsi = regs.rsi;
    raw.rdi = regs.rdi;
    raw.orig_rax = regs.orig_rax;
    raw.rip = regs.rip;
    raw.cs = regs.cs;
    raw.eflags = regs.eflags;
    raw.rsp = regs.rsp;
    raw.ss = regs.ss;
    raw.fs_base = regs.fs_base;
    raw.gs_base = regs.gs_base;
    raw.ds = regs.ds;
    raw.es = regs.es;
    raw.fs = regs.fs;
    raw.gs = regs.gs;
    // SAFETY: `raw` is a live user_regs_struct the kernel reads.
    check(unsafe {
        libc::ptrace(
            libc::PTRACE_SETREGS,
            tid,
            0,
            &raw as *const libc::user_regs_struct,
        )
    })?;
    Ok(())
}

/// What waiting gave.
pub(crate) enum Waited {
    /// A tracee changed state: its id and wait status.
    Status(i32, i32),
    /// A signal interrupted the wait.
    Interrupted,
    /// There are no tracees or children left.
    Nothing,
}

/// Waits for any tracee (or child) to change state.
pub(crate) fn wait_any() -> io::Result<Waited> {
    let mut status = 0;
    // SAFETY: `status` is a live int the kernel writes.
    let tid = unsafe { libc::waitpid(-1, &mut status, libc::__WALL) };
    if tid >= 0 {
        return Ok(Waited::Status(tid, status));
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EINTR) => Ok(Waited::Interrupted),
        Some(libc::ECHILD) => Ok(Waited::Nothing),
        _ => Err(error),
    }
}

/// Reads `buf.len()` bytes of process `pid`'s memory at `addr`; returns how many it could.
pub(crate) fn read_memory(pid: i32, addr: u64, buf: &mut [u8]) -> io::Result<usize> {
    let local = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    let remote = libc::iovec {
        iov_base: addr as *mut libc::c_void,
        iov_len: buf.len(),
    };
    // SAFETY: `local` describes `buf`, live and writable for the call; the remote address is
    // only read by the kernel, in the other process, with its own checks.
    let n = unsafe { libc::process_vm_readv(pid, &local, 1, &remote, 1, 0) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(n as usize)
}

/// Reads the word at `addr` in a stopped tracee (`PTRACE_PEEKDATA`).
pub(crate) fn peek_word(tid: i32, addr: u64) -> io::Result<u64> {
    // PEEKDATA returns the word itself, so -1 is an error only when errno says so.
    // SAFETY: `__errno_location` is this thread's errno; setting it is always allowed.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: plain ptrace request with integer arguments.
    let word = unsafe { libc::ptrace(libc::PTRACE_PEEKDATA, tid, addr, 0) };
    if word == -1 {
        let error = io::Error::last_os_error();
        if error.raw_os_error() != Some(0) {
            return Err(error);
        }
    }
    Ok(word as u64)
}

/// Writes the word at `addr` in a stopped tracee, read-only code pages included
/// (`PTRACE_POKEDATA`: the kernel copies the page on write, as for a debugger).
pub(crate) fn poke_word(tid: i32, addr: u64, word: u64) -> io::Result<()> {
    // SAFETY: plain ptrace request with integer arguments; the kernel checks the address.
    check(unsafe { libc::ptrace(libc::PTRACE_POKEDATA, tid, addr, word) })?;
    Ok(())
}

/// Runs one instruction of a stopped tracee (`PTRACE_SINGLESTEP`).
pub(crate) fn single_step(tid: i32) -> io::Result<()> {
    // SAFETY: plain ptrace request with integer arguments.
    check(unsafe { libc::ptrace(libc::PTRACE_SINGLESTEP, tid, 0, 0) })?;
    Ok(())
}

/// Waits for thread `tid` alone to change state; its wait status.
pub(crate) fn wait_thread(tid: i32) -> io::Result<i32> {
    loop {
        let mut status = 0;
        // SAFETY: `status` is a live int the kernel writes.
        let waited = unsafe { libc::waitpid(tid, &mut status, libc::__WALL) };
        if waited >= 0 {
            return Ok(status);
        }
        let error = io::Error::last_os_error();
        if error.raw_os_error() != Some(libc::EINTR) {
            return Err(error);
        }
    }
}

/// Set by the sampling timer's signal handler; read and cleared by [`sample_due`].
static SAMPLE_DUE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" fn on_sample_timer(_signal: libc::c_int) {
    SAMPLE_DUE.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Starts a timer that fires `hz` times a second, signalling (`SIGALRM`) the calling thread,
/// so that the thread's waits are interrupted to take samples; see [`sample_due`].
pub(crate) fn start_sample_timer(hz: u32) -> io::Result<()> {
    // SAFETY: `sigaction` is plain data; all zero is a valid value, then filled in. The
    // handler only stores to an atomic, which is async-signal-safe. No SA_RESTART: the
    // tracer's `waitpid` must return EINTR when the timer fires.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sample_timer as *const () as libc::sighandler_t;
        libc::sigemptyset(&mut action.sa_mask);
        if libc::sigaction(libc::SIGALRM, &action, std::ptr::null_mut()) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    // SAFETY: `sigevent` is plain data; all zero is a valid value, then filled in.
    let mut event: libc::sigevent = unsafe { std::mem::zeroed() };
    event.sigev_notify = libc::SIGEV_THREAD_ID;
    event.sigev_signo = libc::SIGALRM;
    // SAFETY: gettid has no preconditions.
    event.sigev_notify_thread_id = unsafe { libc::gettid() };
    let mut timer: libc::timer_t = std::ptr::null_mut();
    // SAFETY: `event` and `timer` are live for the call; the kernel writes `timer`.
    if unsafe { libc::timer_create(libc::CLOCK_MONOTONIC, &mut event, &mut timer) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let period_ns = 1_000_000_000 / i64::from(hz.max(1));
    let period = libc::timespec {
        tv_sec: period_ns / 1_000_000_000,
        tv_nsec: period_ns % 1_000_000_000,
    };
    let spec = libc::itimerspec {
        it_interval: period,
        it_value: period,
    };
    // SAFETY: `timer` was created above; `spec` is live for the call.
    if unsafe { libc::timer_settime(timer, 0, &spec, std::ptr::null_mut()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Whether the sampling timer fired since the last call.
pub(crate) fn sample_due() -> bool {
    SAMPLE_DUE.swap(false, std::sync::atomic::Ordering::Relaxed)
}

/// Sends `signal` to thread `tid` of process `tgid` (`tgkill`).
pub(crate) fn signal_thread(tgid: i32, tid: i32, signal: i32) -> io::Result<()> {
    // SAFETY: plain system call with integer arguments.
    check(unsafe { libc::syscall(libc::SYS_tgkill, tgid, tid, signal) })?;
    Ok(())
}

//! `sluice trace`: an object's tracing programs on the events of a real command.
//!
//! The command runs under the tracer (`sluice_trace::Tracer`): it stops only at the system
//! calls some program watches; at each stop the programs attached to the event run on the
//! kernel's record for it (`records.rs`), counting as the traced thread (`task.rs`). Their
//! `trace_printk` lines are printed as `trace_pipe` prints them, ring buffer and perf records as
//! they arrive (decoded from BTF with `--event-type`; `--json` for JSON Lines); at the end the
//! maps are dumped (`--dump-maps`) and `sluice trace` exits with the command's status. Modules:
//! [`hooks`] (section names to events), [`records`], [`task`], [`output`] (what is printed).

mod hooks;
mod output;
mod records;
mod stacks;
mod task;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use sluice_abi::syscalls;
use sluice_obj::Object;
use sluice_runtime::test_run::{TestRunInput, test_run};
use sluice_runtime::{Engine, LoadOptions, LoadedObject, LoadedProgram};
use sluice_trace::{Event, Tracer, Uprobe};

use super::run::dump;
use crate::input::read_file;
use hooks::Hook;
use stacks::Stacks;
use task::Threads;

/// Run an object's tracing programs on the events of a command.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The command runs under ptrace with a seccomp filter: only the system calls a program watches
stop it, every other runs at full speed. Programs attach by section name, as with libbpf:
tracepoint/syscalls/sys_enter_NAME and sys_exit_NAME, tracepoint/raw_syscalls/sys_enter and
sys_exit, raw_tracepoint/sys_enter and sys_exit, tracepoint/sched/sched_process_exec, _fork and
_exit (tp/ works too), ksyscall/NAME, kretsyscall/NAME, kprobe/__x64_sys_NAME, kprobe/sys_NAME,
uprobe/PATH:FUNCTION[+OFFSET] and uretprobe/... (breakpoints in every process that maps PATH; a
library name is searched as the dynamic loader does), and perf_event (samples of the running
threads, --sample-freq times a second), lsm/socket_create and lsm/syslog. The programs see the
traced thread: bpf_get_current_pid_tgid, _uid_gid and _comm describe it, bpf_probe_read_user
reads its memory, and bpf_get_stack{,id} with BPF_F_USER_STACK walk its user stack (stack
trace maps are printed symbolized by --dump-maps). trace_printk lines are printed as
trace_pipe prints them.

Ring buffer and perf event records are printed as they arrive, in hex; with --event-type STRUCT
they are decoded as that struct of the object's BTF (numbers, strings up to their NUL, nested
structs and arrays; a record shorter than the struct is an error line, bytes past it follow in
hex). With --json, every line is one JSON object (JSON Lines) whose type field says what it
is: trace_printk (comm, pid, cpu, timestamp, message), ringbuf (map, data in hex, and the
decoded event with --event-type), perf (the same, with cpu) and, with --dump-maps, maps. The
command's own output goes to the same standard output: redirect it inside the command.

With --enforce, a system call kprobe that calls bpf_override_return(ctx, -ERRNO) denies the
call, as does a non-zero return from an LSM program (lsm/socket_create, lsm/syslog, which see
the call's arguments): the call does not run, and the process sees the error.

With --pid PID, Sluice attaches to a running process instead (all its threads, and what it
starts from then on). A running process cannot be given a seccomp filter, so it stops at every
system call while traced. Ctrl-C detaches and leaves it running.

Exit status: the command's (128 + the signal that killed it; 0 when an attached process is
left running); 2 on a usage or load error.

Examples:
  sluice trace opensnoop.o -- cat /etc/hostname
  sluice trace counter.o --dump-maps -- sh -c 'ls; cat /etc/hostname'
  sluice trace opensnoop.o --pid 1234
  sluice trace execsnoop.o --event-type exec_event -- sh -c 'ls; cat /etc/hostname'
  sluice trace execsnoop.o --event-type exec_event --json -- sh -c 'ls > /dev/null'
  sluice trace opendeny.o --enforce --set-str denied_dir=/etc/ssl -- cat /etc/ssl/openssl.cnf
  sluice trace nonet.o --enforce -- bash -c 'echo hi > /dev/tcp/127.0.0.1/80'")]
pub(crate) struct Args {
    /// ELF object with the tracing programs.
    file: PathBuf,
    /// The programs to run (default: every program of the object); repeat for several.
    #[arg(long)]
    program: Vec<String>,
    /// After the command ends, print every map's entries (formatted from BTF).
    #[arg(long)]
    dump_maps: bool,
    /// Engine to run on: jit (the default on x86-64) or interp.
    #[arg(long, default_value_t = Engine::default())]
    engine: Engine,
    /// Attach to this running process (all its threads, and the processes it starts from now
    /// on) instead of starting a command; Ctrl-C detaches and leaves it running.
    #[arg(long, value_name = "PID", conflicts_with = "command")]
    pid: Option<i32>,
    /// Set a global variable before load, as a libbpf skeleton does: NAME=HEX, the value's
    /// bytes in memory order. May be repeated.
    #[arg(long = "set", value_name = "NAME=HEX")]
    globals: Vec<String>,
    /// Set a `char` array global variable to a string (NUL-padded): NAME=TEXT, e.g.
    /// denied_dir=/tmp/private. May be repeated.
    #[arg(long = "set-str", value_name = "NAME=TEXT")]
    globals_text: Vec<String>,
    /// Samples per second for perf_event programs: every running thread of the command is
    /// stopped this often and the programs run on its registers (a CPU profiler).
    #[arg(long, value_name = "HZ", default_value_t = 99, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    sample_freq: u32,
    /// Apply the programs' verdicts: a system call a kprobe program denies with
    /// `bpf_override_return(ctx, -ERRNO)`, or an LSM program with a non-zero return, does not
    /// run, and the process sees the error.
    #[arg(long)]
    enforce: bool,
    /// Decode ring buffer and perf event records as this type of the object's BTF (a struct,
    /// union or typedef name) instead of printing them in hex.
    #[arg(long, value_name = "STRUCT")]
    event_type: Option<String>,
    /// Print JSON Lines: one JSON object per trace_printk line, record and map dump.
    #[arg(long)]
    json: bool,
    /// The command to run and trace.
    #[arg(last = true, required_unless_present = "pid", value_name = "CMD")]
    command: Vec<String>,
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// The NUL-terminated string at `addr` in thread `tid`'s memory (at most 4 KiB).
fn user_string(tid: i32, addr: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut chunk = [0u8; 256];
    while out.len() < 4096 {
        let at = addr + out.len() as u64;
        let want = chunk.len().min(4096 - (at % 4096) as usize);
        let got = sluice_trace::read_memory(tid, at, &mut chunk[..want]);
        if got == 0 {
            break;
        }
        if let Some(nul) = chunk[..got].iter().position(|b| *b == 0) {
            out.extend_from_slice(&chunk[..nul]);
            return out;
        }
        out.extend_from_slice(&chunk[..got]);
    }
    out
}

/// The programs and the hooks they attach to.
struct Attached<'l> {
    programs: Vec<(Hook, &'l LoadedProgram)>,
    engine: Engine,
    output: output::Output<'l>,
    loaded: &'l LoadedObject,
    stacks: Arc<Stacks>,
    threads: Threads,
}

impl Attached<'_> {
    /// Runs the programs attached to `hook` on `record`, counting as thread `tid`; the return
    /// value a program set with `bpf_override_return`, if one did.
    fn fire<C: Into<records::Ctx>>(
        &mut self,
        hook: Hook,
        tid: i32,
        record: impl Fn() -> C,
    ) -> Result<Option<u64>> {
        let mut task = None;
        let mut overridden = None;
        for (attached, program) in &self.programs {
            if *attached != hook {
                continue;
            }
            let task = task
                .get_or_insert_with(|| {
                    Arc::new(self.threads.task(tid).with_stacks(self.stacks.clone()))
                })
                .clone();
            let ctx: records::Ctx = record().into();
            let input = TestRunInput {
                ctx_in: Some(ctx.ctx),
                kernel_data: ctx.kernel_data,
                ctx_pointers: ctx.pointers,
                engine: self.engine,
                insn_budget: Some(1_000_000),
                task: Some(task.clone()),
                ..TestRunInput::default()
            };
            let output = test_run(self.loaded, program, &input)
                .with_context(|| format!("program `{}`", program.name))?;
            overridden = output.events.override_return.or(overridden);
            // An LSM program denies with a non-zero return, a negative errno.
            if matches!(hook, Hook::Lsm(_)) && output.retval != 0 {
                overridden = Some(i64::from(output.retval as i32) as u64);
            }
            for line in &output.events.trace {
                self.output
                    .trace_printk(task.name(), task.tid(), input.cpu, line)?;
            }
            for record in &output.events.perf {
                self.output.perf(record)?;
            }
        }
        if task.is_some() {
            self.output.read_event_maps()?;
        }
        Ok(overridden)
    }
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let shown = args.file.display().to_string();
    let object = Object::parse(&read_file(&args.file)?).with_context(|| shown.clone())?;
    let globals = match crate::globals::settings(&object, &args.globals, &args.globals_text) {
        Ok(globals) => globals,
        Err(error) => return Ok(usage_error(format!("{shown}: {error:#}"))),
    };
    let options = LoadOptions {
        globals,
        ..LoadOptions::default()
    };
    let loaded = LoadedObject::load(object, &options).with_context(|| shown.clone())?;
    let names: Vec<String> = if args.program.is_empty() {
        loaded.programs.iter().map(|p| p.name.clone()).collect()
    } else {
        args.program.clone()
    };
    let mut programs = Vec::new();
    let mut uprobes = Vec::new();
    for name in &names {
        let program = match loaded.program(name) {
            Ok(program) => program,
            Err(error) => return Ok(usage_error(format!("{shown}: {error}"))),
        };
        if let Some(target) = hooks::uprobe_target(&program.section) {
            let probe = target.and_then(|target| {
                Uprobe::new(&target.binary, &target.symbol, target.offset, target.ret)
                    .map_err(|error| format!("section `{}`: {error}", program.section))
            });
            match probe {
                Ok(probe) => {
                    programs.push((Hook::Uprobe(uprobes.len()), program));
                    uprobes.push(probe);
                }
                Err(message) => return Ok(usage_error(format!("{shown}: `{name}`: {message}"))),
            }
            continue;
        }
        match Hook::of_section(&program.section) {
            Ok(hook) => programs.push((hook, program)),
            Err(message) => return Ok(usage_error(format!("{shown}: `{name}`: {message}"))),
        }
    }
    // The system calls to stop at: those the programs watch, or all of them.
    let mut watched = Vec::new();
    for (hook, _) in &programs {
        match hook.watched() {
            Some(numbers) => watched.extend(numbers),
            None => watched.extend(0..syscalls::n_syscalls()),
        }
    }
    let output = match output::Output::new(&loaded, args.event_type.as_deref(), args.json) {
        Ok(output) => output,
        Err(message) => return Ok(usage_error(format!("{shown}: {message}"))),
    };
    let started = match args.pid {
        Some(pid) => Tracer::attach_probing(pid, &watched, uprobes),
        None => Tracer::spawn_probing(&args.command, &watched, uprobes),
    };
    let mut tracer = match started {
        Ok(tracer) => tracer,
        Err(error) => return Ok(usage_error(error)),
    };
    if let Some(exits) = hooks::exits_needed(programs.iter().map(|(hook, _)| *hook)) {
        tracer.report_exits_of(&exits);
    }
    if programs.iter().any(|(hook, _)| *hook == Hook::PerfEvent)
        && let Err(error) = tracer.sample(args.sample_freq)
    {
        return Ok(usage_error(error));
    }
    let sample_period = 1_000_000_000 / u64::from(args.sample_freq);
    if args.pid.is_some() {
        // Ctrl-C (or SIGTERM) ends the trace; the process runs on.
        tracer.stop_when(sluice_kernel::stop_on_interrupt());
        eprintln!(
            "sluice: attached to process {} (Ctrl-C detaches)",
            tracer.pid()
        );
    }
    let mut attached = Attached {
        programs,
        engine: args.engine,
        output,
        loaded: &loaded,
        stacks: Arc::new(Stacks::default()),
        threads: Threads::default(),
    };
    // The path each thread is executing, from its execve, for sched_process_exec.
    let mut exec_paths: HashMap<i32, Vec<u8>> = HashMap::new();
    let mut warned_override = false;
    let enforce = args.enforce;
    while let Some(event) = tracer.next_event()? {
        match event {
            Event::SyscallEnter { tid, nr, regs } => {
                let args = regs.syscall_args();
                if nr == hooks::EXECVE || nr == hooks::EXECVEAT {
                    let path_arg = if nr == hooks::EXECVE {
                        args[0]
                    } else {
                        args[1]
                    };
                    exec_paths.insert(tid, user_string(tid, path_arg));
                }
                // In the kernel's order: the sys_enter tracepoint (its raw form and the
                // per-call events) at the system call's entry, then the call's function.
                let n_args = syscalls::by_nr(nr).map_or(6, |syscall| syscall.args.len());
                attached.fire(Hook::RawTpSysEnter, tid, || {
                    records::raw_tp_sys_enter(&regs, nr)
                })?;
                attached.fire(Hook::SysEnter(nr), tid, || {
                    records::sys_enter(tid, nr, &args, n_args)
                })?;
                attached.fire(Hook::RawSysEnter, tid, || {
                    records::raw_sys_enter(tid, nr, &args)
                })?;
                // Kprobes on the system call's function may deny it (`bpf_override_return`).
                let kprobe = attached.fire(Hook::SyscallKprobe(nr), tid, || {
                    records::syscall_kprobe(&regs)
                })?;
                let function = attached.fire(Hook::SyscallFunction(nr), tid, || {
                    records::syscall_function(&regs)
                })?;
                let lsm = match hooks::LSM_HOOKS.iter().find(|hook| hook.nr == nr) {
                    Some(hook) => attached.fire(Hook::Lsm(nr), tid, || {
                        records::lsm(&args, hook.from_call, hook.n_args)
                    })?,
                    None => None,
                };
                if let Some(ret) = lsm.or(function).or(kprobe) {
                    if enforce {
                        tracer.deny_syscall(tid, ret as i64)?;
                    } else if !warned_override {
                        eprintln!(
                            "sluice: a program denied a system call (bpf_override_return or an \
                             LSM hook); it ran anyway (--enforce applies the verdict)"
                        );
                        warned_override = true;
                    }
                }
            }
            Event::SyscallExit { tid, nr, regs } => {
                // The function's return first, then the sys_exit tracepoint.
                let ret = regs.syscall_ret();
                attached.fire(Hook::SyscallKretprobe(nr), tid, || {
                    records::syscall_kretprobe(&regs, ret)
                })?;
                attached.fire(Hook::SysExit(nr), tid, || records::sys_exit(tid, nr, ret))?;
                attached.fire(Hook::RawSysExit, tid, || {
                    records::raw_sys_exit(tid, nr, ret)
                })?;
                attached.fire(Hook::RawTpSysExit, tid, || {
                    records::raw_tp_sys_exit(&regs, ret)
                })?;
            }
            Event::Fork { parent, child, .. } => {
                let parent_comm = attached.threads.task(parent).name().to_vec();
                let child_comm = attached.threads.task(child).name().to_vec();
                attached.fire(Hook::ProcessFork, parent, || {
                    records::process_fork(parent, &parent_comm, child, &child_comm)
                })?;
            }
            Event::Exec { tid, old_tid } => {
                let filename = exec_paths.remove(&old_tid).unwrap_or_else(|| {
                    std::fs::read_link(format!("/proc/{tid}/exe"))
                        .map(|path| path.into_os_string().into_encoded_bytes())
                        .unwrap_or_default()
                });
                attached.stacks.forget(tid);
                attached.threads.forget(tid);
                attached.threads.forget(old_tid);
                attached.fire(Hook::ProcessExec, tid, || {
                    records::process_exec(tid, old_tid, &filename)
                })?;
            }
            Event::Uprobe { tid, probes, regs } | Event::Uretprobe { tid, probes, regs } => {
                for probe in probes {
                    attached.fire(Hook::Uprobe(probe), tid, || records::uprobe(&regs))?;
                }
            }
            Event::Sample { tid, regs } => {
                attached.fire(Hook::PerfEvent, tid, || {
                    records::perf_event(&regs, sample_period)
                })?;
            }
            Event::Exit { tid, .. } => {
                let task = attached.threads.task(tid);
                let group_dead = task.tgid() == tid;
                attached.fire(Hook::ProcessExit, tid, || {
                    records::process_exit(tid, task.name(), group_dead)
                })?;
                attached.threads.forget(tid);
            }
        }
    }
    if args.pid.is_some() {
        tracer.detach()?;
    }
    let mut output = attached.output;
    if args.dump_maps {
        let mut dumps = dump::dump_maps(&loaded);
        attached.stacks.symbolize_dumps(&loaded, &mut dumps);
        output.maps(dumps)?;
    }
    output.flush()?;
    let status = tracer.root_status().unwrap_or(0);
    // WIFEXITED: the exit code; killed by a signal: 128 + the signal, as shells report it.
    let code = if status & 0x7f == 0 {
        (status >> 8) & 0xff
    } else {
        128 + (status & 0x7f)
    };
    Ok(ExitCode::from(code as u8))
}

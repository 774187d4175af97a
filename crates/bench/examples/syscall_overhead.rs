//! What tracing system calls costs the traced command: a workload making N `getpid` calls
//! (`programs/c/getpid_loop.c`, N = 1,000,000 by default) run untraced, under `sluice trace`
//! with a program on getpid, under `sluice trace` with a program on a call it makes only while
//! starting (openat, from the dynamic loader), under `strace -c` (stopping at every call) and
//! `strace -c --seccomp-bpf -e trace=getpid` (stopping at getpid only, as Sluice does), and
//! with the same program attached in the kernel (root only); and, as the floor of any
//! seccomp-based tracer, the workload under a seccomp filter of the same shape with no tracer
//! (`getpid_loop N --seccomp`). The programs are `count_getpid`
//! and `count_openat` of `programs/c/getpid_count.bpf.c`, which count calls per process in a
//! hash map.
//!
//! Every way is run `--runs` times (3 by default), in rounds of one run of each so that a change
//! in the machine's load meanwhile falls on every way alike, and the median is reported: the
//! time of the workload's loop as the workload measures it itself (process start, exec and the
//! tracer's setup left out), per call, and the overhead per call over untraced. Each run is checked
//! before it counts: the workload must exit with 0, and the map (`--dump-maps` for Sluice,
//! looked up for the kernel) or strace's summary must count exactly N getpid calls (none for
//! the unwatched program, which must have counted the workload's openat calls instead). A
//! broken run stops the example with exit status 1; a way that cannot run here (no strace, not
//! root) is skipped with the reason. Targets (issue 7): Sluice's overhead below strace's, and
//! the unwatched case within 5% of untraced.
//!
//!     cargo build --release -p sluice-cli
//!     cargo run --release -p sluice-bench --example syscall_overhead [-- --calls N --runs R]
//!
//! The `sluice` binary is taken from the same target directory and profile as this example
//! (or `$SLUICE_BIN`). Each stop of a traced call is a switch from the workload to the tracer
//! and back, so the results depend much on whether both share a CPU (on a virtual machine
//! above all, where waking another CPU is slow): prefix the command with `taskset -c 0` to
//! run everything on one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const OBJECT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/programs/c/getpid_count.bpf.o");
const WORKLOAD: &str = env!("SLUICE_BENCH_GETPID_LOOP");
/// The unwatched case's target: its time over untraced.
const UNWATCHED_TARGET: f64 = 1.05;

/// The ways the workload runs, as the table names them.
const UNTRACED: &str = "untraced";
const SLUICE_WATCHED: &str = "sluice trace, getpid watched";
const SLUICE_UNWATCHED: &str = "sluice trace, getpid not watched";
const STRACE: &str = "strace -c";
const STRACE_SECCOMP: &str = "strace -c --seccomp-bpf -e getpid";
const KERNEL: &str = "kernel, program on tracepoint";
const SECCOMP_ONLY: &str = "seccomp filter alone, no tracer";

/// One run of a way of running the workload.
type Measure<'a> = &'a dyn Fn() -> Result<Sample, Skip>;

/// One run of the workload.
#[derive(Clone, Copy, Debug)]
struct Sample {
    /// The workload's loop, as it timed it.
    loop_ns: u64,
    /// The whole command, tracer included.
    wall_ns: u64,
}

/// A finished command: its sample, what it printed on stdout, the workload's process id.
#[derive(Debug)]
struct Finished {
    sample: Sample,
    stdout: String,
    pid: u32,
}

/// A way of running the workload that cannot run here, and why.
#[derive(Debug)]
struct Skip(String);

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

fn main() {
    let (calls, runs) = parse_args();
    let sluice = sluice_binary();
    println!(
        "{calls} getpid calls per run, median of {runs} runs, on {} CPU(s)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let ways: [(&str, Measure); 7] = [
        (UNTRACED, &|| Ok(run(&mut workload(calls)).sample)),
        (SECCOMP_ONLY, &|| {
            Ok(run(workload(calls).arg("--seccomp")).sample)
        }),
        (SLUICE_WATCHED, &|| Ok(sluice_watched(&sluice, calls))),
        (SLUICE_UNWATCHED, &|| Ok(sluice_unwatched(&sluice, calls))),
        (STRACE, &|| strace(calls, &[])),
        (STRACE_SECCOMP, &|| {
            strace(calls, &["--seccomp-bpf", "-e", "trace=getpid"])
        }),
        (KERNEL, &|| kernel::measure(calls)),
    ];
    // Round after round, each way once, so that a change in the machine's load meanwhile
    // falls on every way alike.
    let mut results: Vec<Result<Vec<Sample>, Skip>> = ways.iter().map(|_| Ok(Vec::new())).collect();
    for round in 1..=runs {
        eprint!("round {round} of {runs}:");
        for ((name, measure), result) in ways.iter().zip(&mut results) {
            if let Ok(samples) = result {
                eprint!(" {name};");
                match measure() {
                    Ok(sample) => samples.push(sample),
                    Err(skip) => *result = Err(skip),
                }
            }
        }
        eprintln!();
    }
    let medians: Vec<(&str, Result<Sample, Skip>)> = ways
        .iter()
        .zip(results)
        .map(|((name, _), result)| {
            let median = result.map(|mut samples| {
                samples.sort_by_key(|sample| sample.loop_ns);
                samples[samples.len() / 2]
            });
            (*name, median)
        })
        .collect();
    report(calls, &medians);
}

fn parse_args() -> (u64, usize) {
    let mut calls = 1_000_000u64;
    let mut runs = 3usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let parsed = match (arg.as_str(), &value) {
            ("--calls", Some(value)) => value.parse().map(|n| calls = n).is_ok() && calls > 0,
            ("--runs", Some(value)) => value.parse().map(|n| runs = n).is_ok() && runs > 0,
            _ => false,
        };
        if !parsed {
            fail(&format!(
                "bad argument `{arg}` (usage: syscall_overhead [--calls N] [--runs R])"
            ));
        }
    }
    (calls, runs)
}

/// `sluice` beside this example's directory (`TARGET/release/examples/..`), or `$SLUICE_BIN`.
fn sluice_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("SLUICE_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().unwrap_or_else(|error| fail(&format!("{error}")));
    let profile_dir = exe
        .parent()
        .and_then(|examples| examples.parent())
        .unwrap_or_else(|| fail(&format!("{} has no target directory", exe.display())));
    let sluice = profile_dir.join("sluice");
    if !sluice.is_file() {
        fail(&format!(
            "{} not found: build it first with `cargo build --release -p sluice-cli` \
             (same CARGO_TARGET_DIR), or set SLUICE_BIN",
            sluice.display()
        ));
    }
    sluice
}

fn workload(calls: u64) -> Command {
    let mut command = Command::new(WORKLOAD);
    command.arg(calls.to_string());
    command
}

/// Runs `command`, whose last process is the workload; a failure stops the example.
fn run(command: &mut Command) -> Finished {
    let start = Instant::now();
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| fail(&format!("cannot run {command:?}: {error}")));
    let pid = child.id();
    let output = child
        .wait_with_output()
        .unwrap_or_else(|error| fail(&format!("{command:?}: {error}")));
    let wall_ns = start.elapsed().as_nanos() as u64;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        fail(&format!(
            "{command:?} failed ({}): {}",
            output.status,
            stderr.trim()
        ));
    }
    // The workload's last line: its loop's time.
    let Some(loop_ns) = stderr
        .lines()
        .rev()
        .find_map(|line| line.trim().parse().ok())
    else {
        fail(&format!("{command:?} printed no time: {}", stderr.trim()));
    };
    Finished {
        sample: Sample { loop_ns, wall_ns },
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        pid,
    }
}

fn sluice_trace(sluice: &Path, program: &str, calls: u64) -> Finished {
    let mut command = Command::new(sluice);
    command
        .args(["trace", OBJECT, "--program", program, "--dump-maps", "--"])
        .arg(WORKLOAD)
        .arg(calls.to_string());
    run(&mut command)
}

fn sluice_watched(sluice: &Path, calls: u64) -> Sample {
    let finished = sluice_trace(sluice, "count_getpid", calls);
    let counted = dumped_values(&finished.stdout, "getpid_calls");
    if counted != [calls] {
        fail(&format!(
            "sluice trace counted getpid calls {counted:?}, not [{calls}]:\n{}",
            finished.stdout
        ));
    }
    finished.sample
}

fn sluice_unwatched(sluice: &Path, calls: u64) -> Sample {
    let finished = sluice_trace(sluice, "count_openat", calls);
    let getpid = dumped_values(&finished.stdout, "getpid_calls");
    let openat = dumped_values(&finished.stdout, "openat_calls");
    // The loader's openat calls (the C library) show the trace ran.
    if !getpid.is_empty() || openat.len() != 1 || openat[0] == 0 {
        fail(&format!(
            "sluice trace with count_openat counted getpid {getpid:?} and openat {openat:?}:\n{}",
            finished.stdout
        ));
    }
    finished.sample
}

/// The values of map `name` in `--dump-maps` output: a line `map NAME (TYPE): N entries`,
/// then one `  KEY: VALUE` line per entry.
fn dumped_values(dump: &str, name: &str) -> Vec<u64> {
    let header = format!("map {name} (");
    let mut lines = dump.lines().skip_while(|line| !line.starts_with(&header));
    if lines.next().is_none() {
        fail(&format!("no map `{name}` in sluice's output:\n{dump}"));
    }
    lines
        .take_while(|line| line.starts_with("  "))
        .map(|line| {
            line.rsplit_once(": ")
                .and_then(|(_, value)| value.trim().parse().ok())
                .unwrap_or_else(|| fail(&format!("unexpected map entry `{line}`")))
        })
        .collect()
}

/// `strace -c -f` with `options`; its summary must count `calls` getpid calls.
fn strace(calls: u64, options: &[&str]) -> Result<Sample, Skip> {
    if Command::new("strace").arg("-V").output().is_err() {
        return Err(Skip("no strace (scripts/setup installs it)".into()));
    }
    let summary = std::env::temp_dir().join(format!("syscall_overhead.{}", std::process::id()));
    let mut command = Command::new("strace");
    command
        .args(["-c", "-f", "-o"])
        .arg(&summary)
        .args(options)
        .arg(WORKLOAD)
        .arg(calls.to_string());
    let finished = run(&mut command);
    let text = std::fs::read_to_string(&summary)
        .unwrap_or_else(|error| fail(&format!("strace's summary {}: {error}", summary.display())));
    let _ = std::fs::remove_file(&summary);
    // Columns: % time, seconds, usecs/call, calls, [errors], syscall.
    let counted = text.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        (fields.last() == Some(&"getpid")).then(|| fields.get(3)?.parse::<u64>().ok())?
    });
    if counted != Some(calls) {
        fail(&format!(
            "strace counted {counted:?} getpid calls, not {calls}:\n{text}"
        ));
    }
    Ok(finished.sample)
}

fn report(calls: u64, medians: &[(&str, Result<Sample, Skip>)]) {
    let per_call = |sample: &Sample| sample.loop_ns as f64 / calls as f64;
    let of = |name: &str| {
        medians
            .iter()
            .find(|(way, _)| *way == name)
            .and_then(|(_, sample)| sample.as_ref().ok())
            .map(per_call)
    };
    let untraced = of(UNTRACED).expect("the untraced run is always measured");
    println!();
    println!(
        "{:<36} {:>12} {:>12} {:>16} {:>12} {:>10}",
        "", "loop ms", "ns per call", "overhead ns/call", "vs untraced", "wall s"
    );
    for (name, sample) in medians {
        match sample {
            Ok(sample) => println!(
                "{:<36} {:>12.1} {:>12.1} {:>16.1} {:>12.2} {:>10.2}",
                name,
                sample.loop_ns as f64 / 1e6,
                per_call(sample),
                per_call(sample) - untraced,
                per_call(sample) / untraced,
                sample.wall_ns as f64 / 1e9,
            ),
            Err(Skip(reason)) => println!("{name:<36} skipped: {reason}"),
        }
    }
    println!();
    let sluice = of(SLUICE_WATCHED).expect("measured");
    for strace_way in [STRACE, STRACE_SECCOMP] {
        if let Some(strace) = of(strace_way) {
            let ratio = (sluice - untraced) / (strace - untraced);
            println!(
                "sluice overhead / {strace_way} overhead: {ratio:.2} (target below 1: {})",
                verdict(ratio < 1.0)
            );
        }
    }
    let unwatched = of(SLUICE_UNWATCHED).expect("measured");
    let ratio = unwatched / untraced;
    println!(
        "unwatched time / untraced time: {ratio:.3} (target at most {UNWATCHED_TARGET}: {})",
        verdict(ratio <= UNWATCHED_TARGET)
    );
    let seccomp = of(SECCOMP_ONLY).expect("measured");
    println!(
        "unwatched time / seccomp filter alone: {:.3} (the part that is Sluice's; the filter \
         alone is {:.3}x untraced)",
        unwatched / seccomp,
        seccomp / untraced
    );
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

/// The same program in the kernel: loaded and pinned by `bpftool prog loadall`, attached to the
/// `syscalls/sys_enter_getpid` tracepoint through a perf event (`PERF_EVENT_IOC_SET_BPF`, as
/// libbpf does), for each run of the workload.
mod kernel {
    #![allow(unsafe_code)]

    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::path::PathBuf;
    use std::process::Command;

    use sluice_kernel::KernelMap;

    use super::{OBJECT, Sample, Skip, fail, run, workload};

    const TRACEPOINT_ID: &str = "events/syscalls/sys_enter_getpid/id";
    const PERF_TYPE_TRACEPOINT: u32 = 2;
    const PERF_FLAG_FD_CLOEXEC: libc::c_ulong = 8;
    /// `_IO('$', 0)` and `_IOW('$', 8, __u32)`.
    const PERF_EVENT_IOC_ENABLE: libc::c_ulong = 0x2400;
    const PERF_EVENT_IOC_SET_BPF: libc::c_ulong = 0x4004_2408;

    /// `struct perf_event_attr` as of its first version (`PERF_ATTR_SIZE_VER0`, 64 bytes),
    /// which the kernel still accepts.
    #[repr(C)]
    #[derive(Default)]
    struct PerfEventAttr {
        kind: u32,
        size: u32,
        config: u64,
        sample_period: u64,
        sample_type: u64,
        read_format: u64,
        flags: u64,
        wakeup_events: u32,
        bp_type: u32,
        config1: u64,
    }

    /// The directories `bpftool` pins the programs and maps in; dropping it unpins them.
    struct Pins([PathBuf; 2]);

    impl Drop for Pins {
        fn drop(&mut self) {
            for pin in &self.0 {
                let _ = std::fs::remove_dir_all(pin);
            }
        }
    }

    /// `count_getpid` attached; dropping it detaches it and unpins everything.
    struct Attached {
        calls: KernelMap,
        _perf_event: OwnedFd,
        _pins: Pins,
    }

    pub(super) fn measure(calls: u64) -> Result<Sample, Skip> {
        sluice_kernel::available()
            .map_err(|errno| Skip(format!("kernel BPF unavailable ({errno}); run as root")))?;
        let attached = attach()?;
        let finished = run(&mut workload(calls));
        let mut value = [0u8; 8];
        let found = attached
            .calls
            .lookup(&finished.pid.to_le_bytes(), &mut value)
            .unwrap_or_else(|error| fail(&format!("kernel map lookup: {error}")));
        let counted = found.then(|| u64::from_le_bytes(value));
        if counted != Some(calls) {
            fail(&format!(
                "the kernel's program counted {counted:?} getpid calls of process {}, not {calls}",
                finished.pid
            ));
        }
        Ok(finished.sample)
    }

    fn attach() -> Result<Attached, Skip> {
        let base = format!("/sys/fs/bpf/sluice_syscall_overhead_{}", std::process::id());
        let programs = PathBuf::from(&base);
        let maps = PathBuf::from(format!("{base}_maps"));
        let pins = Pins([programs.clone(), maps.clone()]);
        let loaded = Command::new("bpftool")
            .args(["prog", "loadall", OBJECT])
            .arg(&programs)
            .arg("pinmaps")
            .arg(&maps)
            .output()
            .map_err(|error| Skip(format!("cannot run bpftool: {error}")))?;
        if !loaded.status.success() {
            return Err(Skip(format!(
                "bpftool prog loadall failed: {}",
                String::from_utf8_lossy(&loaded.stderr).trim()
            )));
        }
        let open = |path: PathBuf| {
            sluice_kernel::get_pinned(&path)
                .map_err(|error| Skip(format!("{}: {error}", path.display())))
        };
        let program = open(programs.join("count_getpid"))?;
        let calls = KernelMap::from_fd(open(maps.join("getpid_calls"))?)
            .map_err(|error| Skip(format!("getpid_calls: {error}")))?;
        let perf_event = perf_event_with(program.as_raw_fd()).map_err(Skip)?;
        Ok(Attached {
            calls,
            _perf_event: perf_event,
            _pins: pins,
        })
    }

    /// A perf event on the tracepoint running program `program_fd`, enabled.
    fn perf_event_with(program_fd: i32) -> Result<OwnedFd, String> {
        let id_path = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]
            .map(|root| format!("{root}/{TRACEPOINT_ID}"));
        let id: u64 = id_path
            .iter()
            .find_map(|path| std::fs::read_to_string(path).ok()?.trim().parse().ok())
            .ok_or_else(|| format!("no tracepoint id in {} (tracefs mounted?)", id_path[0]))?;
        let attr = PerfEventAttr {
            kind: PERF_TYPE_TRACEPOINT,
            size: size_of::<PerfEventAttr>() as u32,
            config: id,
            ..PerfEventAttr::default()
        };
        // SAFETY: `attr` is a valid `perf_event_attr` of the size it says; pid -1 and CPU 0
        // is one event for the whole system, enough to attach a program (as libbpf does).
        let fd = unsafe {
            libc::syscall(
                libc::SYS_perf_event_open,
                &attr as *const PerfEventAttr,
                -1,
                0,
                -1,
                PERF_FLAG_FD_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(format!(
                "perf_event_open: {}",
                std::io::Error::last_os_error()
            ));
        }
        // SAFETY: the kernel just returned this descriptor, owned by nothing else.
        let perf_event = unsafe { OwnedFd::from_raw_fd(fd as i32) };
        for (request, arg, name) in [
            (PERF_EVENT_IOC_SET_BPF, program_fd, "PERF_EVENT_IOC_SET_BPF"),
            (PERF_EVENT_IOC_ENABLE, 0, "PERF_EVENT_IOC_ENABLE"),
        ] {
            // SAFETY: both requests take an integer argument, not a pointer.
            if unsafe { libc::ioctl(perf_event.as_raw_fd(), request, arg) } < 0 {
                return Err(format!("{name}: {}", std::io::Error::last_os_error()));
            }
        }
        Ok(perf_event)
    }
}

//! User stacks of real processes: a C program calls `main -> level1 -> level2 -> level3`, and
//! `level3` makes a watched system call (`getppid`). At each stop the stack, unwound from the
//! registers through libc's `getppid` and the program, must name `level3`, `level2`, `level1`
//! and `main` in that order, while the process lives and after it has ended. The program is
//! built three ways: with frame pointers (and `.eh_frame`), without frame pointers (only
//! `.eh_frame` can unwind it), and without unwind tables (only frame pointers can); and runs
//! twice each: calling `level1` from `main`, and from a signal handler (unwinding through the
//! signal trampoline). Needs a C compiler and ptrace; skips with a line saying why otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use sluice_abi::limits::PERF_MAX_STACK_DEPTH;
use sluice_trace::symbolize::Symbolizer;
use sluice_trace::unwind::Unwinder;
use sluice_trace::{Event, TraceError, Tracer};

/// A tracer waits for any child of the process (a compiler's too): one thing at a time.
static ONE_TRACER: Mutex<()> = Mutex::new(());

const GETPPID: u32 = 110;

/// Calls nested four deep (none inlined, none a tail call: each uses its callee's result),
/// the innermost making the watched call three times. With an argument, the calls start in a
/// `SIGUSR1` handler.
const PROGRAM: &str = r#"
#include <signal.h>
#include <unistd.h>

#ifdef __clang__
#define KEEP __attribute__((noinline))
#else
#define KEEP __attribute__((noinline, noclone))
#endif

volatile long sink;

KEEP long level3(long n) {
    for (int i = 0; i < 3; i++)
        sink += getppid();
    return sink + n;
}

KEEP long level2(long n) {
    long r = level3(n + 1);
    return r * 3 + n;
}

KEEP long level1(long n) {
    long r = level2(n + 1);
    return r * 5 + n;
}

KEEP void handler(int signal) {
    sink = level1(signal);
}

int main(int argc, char **argv) {
    (void)argv;
    if (argc > 1) {
        signal(SIGUSR1, handler);
        raise(SIGUSR1);
    } else {
        sink = level1(argc);
    }
    return 0;
}
"#;

/// The compiler to use: `cc`, or another one on `PATH`.
fn compiler() -> Option<&'static str> {
    ["cc", "gcc", "clang", "clang-19"].into_iter().find(|cc| {
        Command::new(cc)
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
    })
}

/// Builds the program with `flags` as `name`; `None` (with a line saying why) if it cannot.
fn build(name: &str, flags: &[&str]) -> Option<PathBuf> {
    let Some(cc) = compiler() else {
        println!("skipped: no C compiler (cc, gcc, clang) on PATH");
        return None;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("unwind");
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("levels.c");
    std::fs::write(&source, PROGRAM).unwrap();
    let program = dir.join(name);
    let output = Command::new(cc)
        .args(flags)
        .arg("-o")
        .arg(&program)
        .arg(&source)
        .output()
        .unwrap();
    if !output.status.success() {
        println!(
            "skipped: {cc} cannot build the test program: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    Some(program)
}

/// The functions named in symbolized frames (`level3+0x12 (/path)` names `level3`).
fn functions(frames: &[String]) -> Vec<&str> {
    frames
        .iter()
        .map(|frame| frame.split_once('+').map_or("", |(name, _)| name))
        .collect()
}

/// Runs `program` (with `args`) under the tracer and checks the stack at each watched call;
/// `callers` are the functions expected right above `level1`.
fn check_stacks(program: &Path, args: &[&str], callers: &[&str]) {
    let mut command = vec![program.to_string_lossy().into_owned()];
    command.extend(args.iter().map(|arg| (*arg).to_string()));
    let mut tracer = match Tracer::spawn(&command, &[GETPPID]) {
        Ok(tracer) => tracer,
        Err(error @ TraceError::Spawn { .. }) => {
            println!("skipped: cannot trace here: {error}");
            return;
        }
        Err(error) => panic!("{error}"),
    };
    let mut unwinder = Unwinder::new();
    let mut symbolizer = Symbolizer::new();
    let mut stacks = Vec::new();
    while let Some(event) = tracer.next_event().unwrap() {
        let Event::SyscallEnter { tid, nr, regs } = event else {
            continue;
        };
        assert_eq!(nr, GETPPID);
        let stack = unwinder.user_stack(tid, &regs, PERF_MAX_STACK_DEPTH);
        assert_eq!(stack.first(), Some(&regs.rip));
        symbolizer.remember(tid);
        let named: Vec<String> = stack
            .iter()
            .map(|addr| symbolizer.symbolize(tid, *addr))
            .collect();
        stacks.push((stack, named));
    }
    assert_eq!(stacks.len(), 3, "three calls to getppid");
    let mut expected = vec!["level3", "level2", "level1"];
    expected.extend_from_slice(callers);
    let program_name = program.file_name().unwrap().to_string_lossy();
    for (stack, named_live) in &stacks {
        // The process is gone: its remembered mappings name the frames the same way.
        let named: Vec<String> = stack
            .iter()
            .map(|addr| symbolizer.symbolize_any(*addr))
            .collect();
        assert_eq!(&named, named_live);
        println!("{} {args:?}: {named:#?}", program.display());
        let names = functions(&named);
        // The innermost frame is libc's system call wrapper; the program's frames follow.
        assert!(
            named[0].contains("libc"),
            "innermost frame in libc: {named:#?}"
        );
        assert_eq!(
            names.get(1..1 + expected.len()),
            Some(&expected[..]),
            "{named:#?}"
        );
        for frame in &named[1..1 + expected.len()] {
            assert!(frame.contains(&*program_name), "{frame}");
        }
        // The walk goes on through libc to the program's entry, where the CFI ends it.
        assert!(names.contains(&"main"), "{named:#?}");
        assert_eq!(names.last(), Some(&"_start"), "{named:#?}");
        assert!(stack.len() < 20, "{named:#?}");
    }
}

fn check_variant(name: &str, flags: &[&str]) {
    let _one = ONE_TRACER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(program) = build(name, flags) else {
        return;
    };
    check_stacks(&program, &[], &["main"]);
    check_stacks(&program, &["signal"], &["handler"]);
}

#[test]
fn frame_pointers_and_eh_frame() {
    check_variant("levels-fp", &["-O2", "-fno-omit-frame-pointer"]);
}

#[test]
fn eh_frame_without_frame_pointers() {
    check_variant("levels-nofp", &["-O2", "-fomit-frame-pointer"]);
}

#[test]
fn frame_pointers_without_eh_frame() {
    check_variant(
        "levels-fp-only",
        &[
            "-O2",
            "-fno-omit-frame-pointer",
            "-fno-asynchronous-unwind-tables",
            "-fno-unwind-tables",
        ],
    );
}
